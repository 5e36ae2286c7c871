#!/usr/bin/env bash
# Installs what the real-VS-Code tests need on a fresh machine, and nothing twice:
#   - Debian packages: chromium (Playwright drives it), ripgrep (stands in for the
#     @vscode/ripgrep download), libkrb5-dev (code-server's kerberos addon builds against it);
#   - code-server 4.100.3 from npm into .cache/code-server (VS Code 1.100's server + web workbench),
#     because desktop VS Code cannot be downloaded on an offline machine.
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
code_server_marker="$code_server_dir/.installed-$code_server_version"
# @vscode/ripgrep's postinstall looks for its download here before going to the network.
ripgrep_cache_dir="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
ripgrep_tarball="$ripgrep_cache_dir/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

debian_packages=(ripgrep libkrb5-dev)
if [ "$with_browser" = 1 ]; then
  # Fonts so screenshots show text; chromium only recommends them and we install without recommends.
  debian_packages+=(chromium fonts-dejavu-core fonts-liberation)
fi

log() { printf '[setup-vscode-test] %s\n' "$*"; }
fail() { printf '[setup-vscode-test] MISSING: %s\n' "$*" >&2; exit 1; }

package_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

install_debian_packages() {
  local missing=()
  if command -v dpkg-query >/dev/null 2>&1; then
    for package in "${debian_packages[@]}"; do
      package_installed "$package" || missing+=("$package")
    done
  else
    # Not Debian: accept the tools if they are on PATH some other way.
    if [ "$with_browser" = 1 ]; then
      command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
    fi
    command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
  fi
  [ "${#missing[@]}" -eq 0 ] && { log "Debian packages present: ${debian_packages[*]}"; return; }

  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    fail "packages ${missing[*]} (no apt-get here: install them with this system's package manager, or set CHROMIUM_PATH)"
  fi
  if [ "$(id -u)" -ne 0 ]; then
    fail "packages ${missing[*]} (not root: run 'sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}' and re-run)"
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed (no access to Debian's package mirror?); packages needed: ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
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

install_code_server() {
  if [ -f "$code_server_marker" ] && [ -x "$code_server_dir/node_modules/.bin/code-server" ]; then
    log "code-server $code_server_version present in .cache/code-server"
    return
  fi
  command -v npm >/dev/null 2>&1 || fail "npm (Node.js 20) to install code-server"
  prepare_ripgrep_cache
  log "installing code-server@$code_server_version into .cache/code-server (about 45 s)"
  rm -rf "$code_server_dir"
  mkdir -p "$code_server_dir"
  # Its own package.json keeps npm from walking up to the project's.
  printf '{ "name": "code-server-cache", "private": true }\n' > "$code_server_dir/package.json"
  (
    cd "$code_server_dir"
    npm_config_yes=true npm_config_unsafe_perm=true \
      npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$code_server_version"
  ) || fail "code-server@$code_server_version (npm install failed; see above)"
  [ -x "$code_server_dir/node_modules/.bin/code-server" ] \
    || fail "code-server@$code_server_version (installed but node_modules/.bin/code-server is absent)"
  touch "$code_server_marker"
}

check_playwright_core() {
  [ -f "$repo_root/node_modules/playwright-core/package.json" ] \
    || fail "npm package playwright-core (a devDependency: run 'npm ci' in $repo_root)"
}

started=$(date +%s)
install_debian_packages
install_code_server
if [ "$with_browser" = 1 ]; then check_playwright_core; fi
log "ready in $(( $(date +%s) - started )) s"
