#!/usr/bin/env bash
# THE test command (README and CI use it): dependencies, host tools, build, typecheck, lint, unit tests,
# the host suite inside a real VS Code extension host, and the UI e2e test. Stops at the first failure.
# CCC_SKIP="typecheck lint unit e2e" skips steps by name while iterating locally (CI never sets it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

start=$SECONDS
done_steps=()
skipped=()
step() { # step NAME COMMAND...: run one step, time it, stop everything on failure
  local name=$1; shift
  local t0=$SECONDS
  if [[ " ${CCC_SKIP:-} " == *" ${name%% *} "* ]]; then
    echo; echo "━━ $name: skipped (CCC_SKIP)"; skipped+=("$name"); return
  fi
  echo
  echo "━━ $name: $*"
  if ! "$@"; then
    echo
    echo "test.sh: FAILED at step '$name' after $((SECONDS - start)) s (passed: ${done_steps[*]:-none})" >&2
    exit 1
  fi
  done_steps+=("$name($((SECONDS - t0))s)")
}

if [[ ! -d node_modules ]]; then step "npm ci" npm ci; fi
step "host tools" bash scripts/ensure-host-tools.sh
step "llama runtime" bash scripts/ensure-llama-runtime.sh
step "build" node esbuild.js --tests
step "typecheck" npm run --silent typecheck
if compgen -G 'eslint.config.*' >/dev/null || compgen -G '.eslintrc*' >/dev/null; then
  step "lint" npm run --silent lint
else
  echo "━━ lint: skipped (no eslint config)"
fi
if [[ -n "$(find out/test/unit -name '*.test.js' 2>/dev/null | head -n1)" ]]; then
  step "unit tests" node --enable-source-maps --test --test-reporter=spec out/test/unit/
else
  echo "━━ unit tests: skipped (no test/unit/**/*.test.ts)"
fi
step "host tests" node --enable-source-maps out/test/launch/run-host-tests.js
step "e2e tests" node --enable-source-maps out/test/launch/run-e2e-tests.js

echo
echo "test.sh: all ${#done_steps[@]} steps passed in $((SECONDS - start)) s: ${done_steps[*]}${skipped[*]:+ (skipped: ${skipped[*]})}"
