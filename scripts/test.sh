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

step "crash tests (kill -9 of the real server process)"
npx vitest run -c vitest.crash.config.ts

step "e2e (Playwright, headless Chromium)"
CHROMIUM_PATH="$(node scripts/find-chromium.mjs)" npx playwright test
