#!/usr/bin/env bash
# Installs the judges' tools on a fresh machine, and nothing twice: Debian's `groovy` package
# (2.4.21 on bookworm, the Groovy that Jenkins bundles) with a headless Java runtime, and
# `busybox` (the shell of the Kaniko debug image; dash, Debian's /bin/sh, is always there).
# Test-time only (test/judges/); nothing of it ships. `npm test` runs it before the unit tests.
# When it cannot install something it says exactly what is missing and exits 1.
#
#   bash scripts/setup-groovy.sh
set -euo pipefail

expected_version="2.4.21"
packages=()

log() { printf '[setup-groovy] %s\n' "$*"; }
fail() { printf '[setup-groovy] MISSING: %s\n' "$*" >&2; exit 1; }

# Same order as findJavaHome() in test/judges/groovy.ts: Debian's launcher needs JAVA_HOME when
# /usr/lib/jvm/default-java is missing ("JAVA_HOME is not defined correctly").
find_java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then printf '%s\n' "$JAVA_HOME"; return; fi
  if [ -x /usr/lib/jvm/default-java/bin/java ]; then printf '%s\n' /usr/lib/jvm/default-java; return; fi
  local java
  if java="$(command -v java)"; then
    java="$(readlink -f "$java")"
    if [ -x "$java" ]; then dirname "$(dirname "$java")"; return; fi
  fi
  for java in /usr/lib/jvm/*/bin/java; do
    if [ -x "$java" ]; then dirname "$(dirname "$java")"; return; fi
  done
  return 1
}

apt_install() {
  # Waits for another apt-get (another clone's set-up, a developer) instead of failing at once.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${packages[@]}"
}

install_packages() {
  command -v apt-get >/dev/null 2>&1 \
    || fail "${packages[*]} (no apt-get here: install them with this system's package manager)"
  if [ "$(id -u)" -ne 0 ]; then
    fail "${packages[*]} (not root: run 'sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages[*]}' and re-run)"
  fi
  local updated=0
  # A fresh machine has no package lists yet: no candidate version means apt-get update first.
  if ! apt-cache policy groovy 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    log "apt-get update"
    apt-get -o DPkg::Lock::Timeout=600 update -qq || fail "apt-get update failed (no access to Debian's package mirror?); packages needed: ${packages[*]}"
    updated=1
  fi
  log "installing ${packages[*]} (no recommends)"
  if ! apt_install >/dev/null; then
    [ "$updated" = 1 ] && fail "apt-get install ${packages[*]} failed (output above)"
    # Stale package lists give 404s: refresh them once and try again.
    log "install failed; apt-get update and one more try"
    apt-get -o DPkg::Lock::Timeout=600 update -qq || fail "apt-get update failed; packages needed: ${packages[*]}"
    apt_install >/dev/null || fail "apt-get install ${packages[*]} failed (output above)"
  fi
}

started=$(date +%s)
command -v groovy >/dev/null 2>&1 || packages+=(groovy)
find_java_home >/dev/null || packages+=(default-jre-headless)
command -v busybox >/dev/null 2>&1 || packages+=(busybox)
command -v dash >/dev/null 2>&1 || packages+=(dash)
if [ "${#packages[@]}" -eq 0 ]; then
  log "groovy, a Java runtime, dash and busybox present"
elif ! command -v dpkg-query >/dev/null 2>&1; then
  fail "${packages[*]} (not Debian: install them with this system's package manager)"
else
  log "missing: ${packages[*]}"
  install_packages
fi
command -v busybox >/dev/null 2>&1 || fail "busybox is still not on PATH after installing ${packages[*]}"

command -v groovy >/dev/null 2>&1 || fail "groovy is still not on PATH after installing ${packages[*]}"
java_home="$(find_java_home)" || fail "no Java runtime found (JAVA_HOME, /usr/lib/jvm/default-java, java on PATH, /usr/lib/jvm/*)"
version_output="$(JAVA_HOME="$java_home" groovy --version 2>&1)" \
  || fail "groovy does not run with JAVA_HOME=$java_home: $version_output"
case "$version_output" in
  *"Groovy Version: $expected_version "*) ;;
  *) fail "Groovy $expected_version (the judge must be the Groovy Jenkins bundles); found: $version_output" ;;
esac
log "Groovy $expected_version with JAVA_HOME=$java_home, ready in $(( $(date +%s) - started )) s"
