#!/usr/bin/env bash
# npm test: typecheck, lint, unit + integration tests, production build, crash tests, e2e.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "prisma schemas in sync"
node scripts/prisma-sync-schemas.mjs --check

step "typecheck"
npx tsc --noEmit -p tsconfig.json

step "lint"
npx eslint . --max-warnings=0

step "unit + integration tests (SQLite${TEST_DATABASE_URL:+ and $TEST_DATABASE_URL})"
npx vitest run

step "production build"
npx next build --webpack

step "crash tests: kill -9 of the standalone worker process"
npx vitest run -c vitest.crash.config.ts

step "crash tests: kill -9 of the production web server (next start, embedded engine)"
CRASH_SERVER_CMD="exec node node_modules/next/dist/bin/next start -p ${CRASH_PORT:-3999} -H 127.0.0.1" \
  npx vitest run -c vitest.crash.config.ts

step "chaos: kill -9 of the worker at random moments, also during recovery"
npx vitest run -c vitest.chaos.config.ts

step "e2e (Playwright, headless Chromium)"
CHROMIUM_PATH="$(node scripts/find-chromium.mjs)" npx playwright test
