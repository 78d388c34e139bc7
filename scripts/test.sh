#!/usr/bin/env bash
# npm test: typecheck, lint, unit + integration tests, production build, crash tests, e2e.
# `bash scripts/test.sh <phase>…` runs some phases only (checks, unit, build, crash, e2e), in
# that order: .ci/run uses it to run the PostgreSQL pass next to the crash tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m (%ss into npm test)\n' "$*" "$SECONDS"; }
phases=" ${*:-checks unit build crash e2e} "
want() { [[ "$phases" == *" $1 "* ]]; }

if want checks; then
step "prisma schemas in sync"
node scripts/prisma-sync-schemas.mjs --check

# tsc and eslint are single-threaded: run them side by side on the two cores.
step "typecheck and lint"
npx eslint . --max-warnings=0 >/tmp/switchyard-eslint.$$.log 2>&1 &
lint=$!
tsc_rc=0
npx tsc --noEmit -p tsconfig.json || tsc_rc=$?
lint_rc=0
wait "$lint" || lint_rc=$?
cat /tmp/switchyard-eslint.$$.log
rm -f /tmp/switchyard-eslint.$$.log
[ "$tsc_rc" -eq 0 ] || { echo "typecheck failed" >&2; exit "$tsc_rc"; }
[ "$lint_rc" -eq 0 ] || { echo "lint failed" >&2; exit "$lint_rc"; }
fi

if want unit; then
step "unit + integration tests (SQLite${TEST_DATABASE_URL:+ and $TEST_DATABASE_URL})"
npx vitest run
fi

if want build; then
step "production build"
npx next build --webpack
node scripts/build-server.mjs
fi

# The server npm start runs (scripts/serve.ts, bundled): HTTP on the main thread, the engine on its worker thread.
SERVE_CMD="exec node .next/switchyard-server/serve.mjs -p ${CRASH_PORT:-3999} -H 127.0.0.1"

# The standalone worker is killed by tests/crash/queue-mode.crash.test.ts (two workers) in this
# pass, and stopped by tests/runtime/graceful-shutdown-process.test.ts; `npm run test:crash`
# without CRASH_SERVER_CMD runs every crash test against the worker.
if want crash; then
step "crash tests: kill -9 of the production server (npm start's server: engine on a worker thread; queue mode: one of two workers)"
CRASH_SERVER_CMD="$SERVE_CMD" npx vitest run -c vitest.crash.config.ts

step "chaos: kill -9 of the production server at random moments, also during recovery"
CRASH_SERVER_CMD="$SERVE_CMD" npx vitest run -c vitest.chaos.config.ts
fi

# SKIP_E2E=1: .ci/run runs the e2e step itself, next to the PostgreSQL pass.
if want e2e && [ "${SKIP_E2E:-}" != "1" ]; then
  step "e2e (Playwright, headless Chromium)"
  CHROMIUM_PATH="$(node scripts/find-chromium.mjs)" npx playwright test
fi
