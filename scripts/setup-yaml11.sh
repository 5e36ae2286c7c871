#!/usr/bin/env bash
# Installs the YAML 1.1 judge of test/unit/robustness/yaml-injection.test.ts, and nothing twice:
# PyYAML (Debian's python3-yaml), a YAML 1.1 reader that, like go-yaml in kubectl, breaks lines at
# NEL (U+0085), U+2028 and U+2029. Test-time only; nothing of it ships. `npm test` runs it before
# the unit tests. When it cannot install it, it says what is missing and exits 1.
#
#   bash scripts/setup-yaml11.sh
set -euo pipefail

log() { printf '[setup-yaml11] %s\n' "$*"; }
fail() { printf '[setup-yaml11] MISSING: %s\n' "$*" >&2; exit 1; }

if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' >/dev/null 2>&1; then
  log "PyYAML $(python3 -c 'import yaml; print(yaml.__version__)') is there"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || fail "python3 with PyYAML (no apt-get here: install python3-yaml with this system's package manager)"
[ "$(id -u)" = 0 ] || fail "python3-yaml (run 'sudo apt-get install python3-yaml', or this script as root)"
log "installing python3-yaml"
if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-yaml >/dev/null; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-yaml >/dev/null
fi
python3 -c 'import yaml' 2>/dev/null || fail "python3-yaml was installed but 'python3 -c \"import yaml\"' still fails"
log "PyYAML $(python3 -c 'import yaml; print(yaml.__version__)') installed"
