#!/usr/bin/env bash
# `npm run test:vscode`: the tests that need a real VS Code, from a fresh machine.
#   1. scripts/setup-vscode-test.sh (Debian packages, code-server) runs while the project builds
#      (tsc) and packages the .vsix: the install is mostly download and the build mostly CPU;
#   2. the extension-host mocha suite (test/vscode/suite) through test/vscode/launch.ts;
#   3. the Playwright walkthrough (test/e2e), which also refreshes the screenshots in docs/images.
# Both test stages run even if the first fails; the exit status is non-zero if either failed.
#
#   bash scripts/test-vscode.sh [--skip-build]
# --skip-build: out/ is already compiled (e.g. `npm test` ran `npm run build` just before).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build="npm run --silent build"
for arg in "$@"; do
  case "$arg" in
    --skip-build) build="true" ;;
    *) printf 'usage: %s [--skip-build]\n' "$0" >&2; exit 2 ;;
  esac
done

started=$SECONDS
timings=()
phase_start=$SECONDS
mark() { timings+=("$1 $((SECONDS - phase_start)) s"); phase_start=$SECONDS; }

bash scripts/setup-vscode-test.sh &
setup_pid=$!

if ! { $build && npm run --silent package >/dev/null; }; then
  echo "[test:vscode] build or package failed" >&2
  wait "$setup_pid"
  exit 1
fi
mark "build+package"

setup_status=0
wait "$setup_pid" || setup_status=$?
if [ "$setup_status" -ne 0 ]; then
  echo "[test:vscode] setup failed: see the MISSING line above" >&2
  exit 1
fi
mark "setup (waited after build)"

failed=()
node out/test/vscode/launch.js || failed+=("extension-host suite")
mark "extension-host suite"
npx mocha --no-config --timeout 180000 'out/test/e2e/**/*.e2e.js' || failed+=("end-to-end walkthrough")
mark "end-to-end walkthrough"

echo "[test:vscode] timings: $(IFS=,; echo "${timings[*]}" | sed 's/,/, /g'); total $((SECONDS - started)) s"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "[test:vscode] FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "[test:vscode] passed"
