#!/usr/bin/env bash
# Installs what the real-VS-Code tests need on a fresh machine, and nothing twice:
#   - Debian packages: chromium (Playwright drives it), ripgrep (stands in for the
#     @vscode/ripgrep download), libkrb5-dev (code-server's kerberos addon builds against it);
#   - code-server 4.100.3 from npm into .cache/code-server (VS Code 1.100's server + web workbench),
#     because desktop VS Code cannot be downloaded on an offline machine. A copy is kept in
#     ~/.cache/jenkinsfile-kaniko-assistant/ so that other clones on the machine (CI's) copy it
#     in seconds instead of compiling its native addons again.
# When it cannot install something it says exactly what is missing and exits 1.
#
#   bash scripts/setup-vscode-test.sh [--no-browser]
# --no-browser (for `npm start`, where you bring your own browser) skips Chromium and its fonts.
set -euo pipefail

with_browser=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) with_browser=0 ;;
    *) printf 'usage: %s [--no-browser]\n' "$0" >&2; exit 2 ;;
  esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
code_server_version="4.100.3"
code_server_dir="$repo_root/.cache/code-server"
# Shared by every clone on this machine; JKA_NO_MACHINE_CACHE=1 ignores it (to time a fresh machine).
machine_cache_dir=""
if [ "${JKA_NO_MACHINE_CACHE:-}" != 1 ]; then
  machine_cache_dir="${XDG_CACHE_HOME:-$HOME/.cache}/jenkinsfile-kaniko-assistant/code-server-$code_server_version"
fi
# @vscode/ripgrep's postinstall looks for its download here before going to the network.
ripgrep_cache_dir="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
ripgrep_tarball="$ripgrep_cache_dir/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

# code-server's install needs these first (kerberos addon build, ripgrep stand-in) ...
build_packages=(ripgrep libkrb5-dev)
# ... while the browser is only needed to run the tests, so it installs alongside code-server.
# Fonts so screenshots show text; chromium only recommends them and we install without recommends.
browser_packages=()
[ "$with_browser" = 1 ] && browser_packages=(chromium fonts-dejavu-core fonts-liberation)
browser_install_pid=""
browser_install_log="${TMPDIR:-/tmp}/setup-vscode-test-apt-$$.log"

log() { printf '[setup-vscode-test] %s\n' "$*"; }
fail() { printf '[setup-vscode-test] MISSING: %s\n' "$*" >&2; exit 1; }

package_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

# Prints the packages of "$@" that are not installed.
missing_packages() {
  local package
  for package in "$@"; do
    package_installed "$package" || printf '%s\n' "$package"
  done
}

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

install_debian_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    # Not Debian: accept the tools if they are on PATH some other way.
    command -v rg >/dev/null 2>&1 || fail "rg (ripgrep): no dpkg/apt here, install it with this system's package manager"
    if [ "$with_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
      fail "chromium: no dpkg/apt here, install Chromium and set CHROMIUM_PATH"
    fi
    log "not Debian: assuming the Kerberos headers (libkrb5-dev) are installed"
    return
  fi
  local missing_build missing_browser
  mapfile -t missing_build < <(missing_packages "${build_packages[@]}")
  mapfile -t missing_browser < <(missing_packages "${browser_packages[@]}")
  local missing=("${missing_build[@]}" "${missing_browser[@]}")
  if [ "${#missing[@]}" -eq 0 ]; then
    log "Debian packages present: ${build_packages[*]} ${browser_packages[*]}"
    return
  fi
  command -v apt-get >/dev/null 2>&1 \
    || fail "packages ${missing[*]} (no apt-get here: install them with this system's package manager)"
  if [ "$(id -u)" -ne 0 ]; then
    fail "packages ${missing[*]} (not root: run 'sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}' and re-run)"
  fi
  log "apt-get update, for: ${missing[*]}"
  apt-get update -qq || fail "apt-get update failed (no access to Debian's package mirror?); packages needed: ${missing[*]}"
  if [ "${#missing_build[@]}" -gt 0 ]; then
    log "installing ${missing_build[*]}"
    apt_install "${missing_build[@]}" >/dev/null || fail "apt-get install ${missing_build[*]} failed"
  fi
  if [ "${#missing_browser[@]}" -gt 0 ]; then
    log "installing ${missing_browser[*]} in the background"
    apt_install "${missing_browser[@]}" >"$browser_install_log" 2>&1 &
    browser_install_pid=$!
  fi
}

wait_for_browser_packages() {
  [ -n "$browser_install_pid" ] || return 0
  if ! wait "$browser_install_pid"; then
    cat "$browser_install_log" >&2
    fail "apt-get install ${browser_packages[*]} failed (output above)"
  fi
  rm -f "$browser_install_log"
  log "installed ${browser_packages[*]}"
}

prepare_ripgrep_cache() {
  if [ -s "$ripgrep_tarball" ] && tar -tzf "$ripgrep_tarball" 2>/dev/null | grep -qx 'rg'; then
    return
  fi
  local rg_path
  rg_path="$(command -v rg || true)"
  [ -n "$rg_path" ] || fail "rg (package ripgrep): needed to stand in for @vscode/ripgrep's download"
  mkdir -p "$ripgrep_cache_dir"
  local staging
  staging="$(mktemp -d)"
  cp "$rg_path" "$staging/rg"
  tar -czf "$ripgrep_tarball.partial" -C "$staging" rg
  mv "$ripgrep_tarball.partial" "$ripgrep_tarball"
  rm -rf "$staging"
  log "ripgrep tarball cache prepared from $rg_path"
}

code_server_installed() {
  [ -f "$1/.installed-$code_server_version" ] && [ -x "$1/node_modules/.bin/code-server" ]
}

install_code_server() {
  if code_server_installed "$code_server_dir"; then
    log "code-server $code_server_version present in .cache/code-server"
    return
  fi
  rm -rf "$code_server_dir"
  mkdir -p "$(dirname "$code_server_dir")"
  # Another clone on this machine (CI clones the repository afresh) may have built it already:
  # a copy takes seconds where npm spends a minute or more compiling native addons.
  if [ -n "$machine_cache_dir" ] && code_server_installed "$machine_cache_dir"; then
    log "copying code-server $code_server_version from $machine_cache_dir"
    if cp -a "$machine_cache_dir" "$code_server_dir.partial" && mv "$code_server_dir.partial" "$code_server_dir"; then
      return
    fi
    rm -rf "$code_server_dir.partial"
    log "copy failed; installing instead"
  fi
  command -v npm >/dev/null 2>&1 || fail "npm (Node.js 20) to install code-server"
  prepare_ripgrep_cache
  log "installing code-server@$code_server_version into .cache/code-server (a minute or more: native addons compile)"
  mkdir -p "$code_server_dir"
  # Its own package.json keeps npm from walking up to the project's.
  printf '{ "name": "code-server-cache", "private": true }\n' > "$code_server_dir/package.json"
  (
    cd "$code_server_dir"
    # JOBS=max: node-gyp compiles code-server's native addons on every core.
    JOBS=max npm_config_yes=true npm_config_unsafe_perm=true \
      npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$code_server_version"
  ) || fail "code-server@$code_server_version (npm install failed; see above)"
  [ -x "$code_server_dir/node_modules/.bin/code-server" ] \
    || fail "code-server@$code_server_version (installed but node_modules/.bin/code-server is absent)"
  touch "$code_server_dir/.installed-$code_server_version"
  if [ -n "$machine_cache_dir" ]; then
    # Best effort: a later clone copies this instead of compiling again.
    rm -rf "$machine_cache_dir" "$machine_cache_dir.partial"
    mkdir -p "$(dirname "$machine_cache_dir")" \
      && cp -a "$code_server_dir" "$machine_cache_dir.partial" \
      && mv "$machine_cache_dir.partial" "$machine_cache_dir" \
      && log "kept a copy in $machine_cache_dir for other clones" \
      || rm -rf "$machine_cache_dir.partial"
  fi
}

check_playwright_core() {
  [ -f "$repo_root/node_modules/playwright-core/package.json" ] \
    || fail "npm package playwright-core (a devDependency: run 'npm ci' in $repo_root)"
}

started=$(date +%s)
install_debian_packages
install_code_server
wait_for_browser_packages
if [ "$with_browser" = 1 ]; then check_playwright_core; fi
log "ready in $(( $(date +%s) - started )) s"
