/**
 * Operator CLI: `npm run cli -- <command>`. Migrates the database first.
 * Exit codes: 0 ok, 1 failure, 2 usage error.
 */
import { parseArgs } from "node:util";
import { ROLES } from "../lib/roles";
import type { Db } from "../server/db";
import { AppError } from "../server/services/errors";
import { API_KEY_COMMANDS, API_KEY_USAGE, runApiKeyCommand } from "./cli-api-keys";
import { DB_COMMANDS, DB_USAGE, runDbCommand } from "./cli-db";

// Database and service modules load only when a command needs them (help stays fast).
async function services() {
  const [{ createWorkspace }, { listAllWorkspaces }, { createUser }, { resetPassword }] = await Promise.all([
    import("../server/services/workspaces/create-workspace"),
    import("../server/services/workspaces/list-workspaces"),
    import("../server/services/users/create-user"),
    import("../server/services/users/reset-password"),
  ]);
  return { createWorkspace, listAllWorkspaces, createUser, resetPassword };
}

class UsageError extends Error {}

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  workspace create --name <name> --slug <slug>
      Create a workspace. slug: 2–40 lowercase letters, digits or hyphens.
  workspace list
      List every workspace with member and automation counts.
  user create --workspace <slug> --email <email> --role <${ROLES.join("|")}> --password <password> [--name <name>]
      Create a user in a workspace (an existing user is added to the workspace; their password stays).
  user reset-password --email <email> --password <password>
      Set a new password (at least 8 characters).
  connections rotate-key [--new-key <key>]
      Re-encrypt every stored secret (connections, incoming webhook secrets, webhook
      subscription and outgoing webhook signing secrets) under a new ENCRYPTION_KEY
      in one transaction; prints the count per table. Without --new-key a random key
      is made. The key file under DATA_DIR is replaced (running servers and workers
      on that data dir switch to it by themselves); with ENCRYPTION_KEY set, the new
      key is printed: set it everywhere and restart.
${API_KEY_USAGE}
${DB_USAGE}
  backup --out <file> [--force]
      SQLite: a consistent copy of the database while servers keep running
      (online backup API). --force overwrites an existing file.
      PostgreSQL: prints the pg_dump / pg_restore recipe instead.
  restore --from <file> [--force]
      SQLite: replaces the database with a backup (checked first: a Switchyard
      database with a migration history this version knows). Refuses while a
      server or worker has the database open; --force replaces it anyway.
      The current database is kept as <database>.before-restore-<time>.
  help
      Show this help.

The database is DATABASE_URL (default: SQLite file under ./data/); pending migrations are applied first
(except for backup and restore, which never migrate).`;

const COMMANDS = ["workspace create", "workspace list", "user create", "user reset-password", "connections rotate-key", ...API_KEY_COMMANDS, ...DB_COMMANDS, "backup", "restore", "help"];
/** Commands that work on the database file itself: no migration, no client. */
const FILE_COMMANDS = new Set(["backup", "restore"]);

type Values = Record<string, string | boolean | undefined>;

function parse(args: string[], options: Record<string, { type: "string" }>): Values {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return values;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    // node:util errors: "Unknown option '--x'", "Option '--name <value>' argument missing"
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function required(values: Values, name: string, hint: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`--${name} is required (${hint})`);
  return v;
}

async function run(command: string, args: string[], db: Db): Promise<void> {
  const { createWorkspace, listAllWorkspaces, createUser, resetPassword } = await services();
  switch (command) {
    case "workspace create": {
      const v = parse(args, { name: { type: "string" }, slug: { type: "string" } });
      const ws = await createWorkspace({ name: required(v, "name", "display name"), slug: required(v, "slug", "e.g. acme-ops") }, db);
      console.log(`Created workspace "${ws.name}" (slug ${ws.slug}, id ${ws.id}).`);
      return;
    }
    case "workspace list": {
      parse(args, {});
      const rows = await listAllWorkspaces(db);
      if (rows.length === 0) {
        console.log("No workspaces yet. Create one: npm run cli -- workspace create --name <name> --slug <slug>");
        return;
      }
      const w = Math.max(4, ...rows.map((r) => r.slug.length));
      console.log(`${"SLUG".padEnd(w)}  MEMBERS  AUTOMATIONS  NAME`);
      for (const r of rows) console.log(`${r.slug.padEnd(w)}  ${String(r.members).padStart(7)}  ${String(r.automations).padStart(11)}  ${r.name}`);
      return;
    }
    case "user create": {
      const v = parse(args, {
        workspace: { type: "string" },
        email: { type: "string" },
        role: { type: "string" },
        password: { type: "string" },
        name: { type: "string" },
      });
      const role = required(v, "role", ROLES.join(", ")).toUpperCase();
      if (!(ROLES as readonly string[]).includes(role)) {
        throw new UsageError(`--role "${v.role}" is not a role; allowed roles: ${ROLES.join(", ")}`);
      }
      const result = await createUser(
        {
          workspaceSlug: required(v, "workspace", "workspace slug"),
          email: required(v, "email", "sign-in email"),
          role: role as (typeof ROLES)[number],
          password: required(v, "password", "at least 8 characters"),
          name: typeof v.name === "string" ? v.name : undefined,
        },
        db,
      );
      console.log(
        result.createdUser
          ? `Created user ${result.email} as ${result.role} in "${v.workspace}".`
          : `Added existing user ${result.email} to "${v.workspace}" as ${result.role} (password unchanged; use user reset-password to change it).`,
      );
      return;
    }
    case "connections rotate-key": {
      const v = parse(args, { "new-key": { type: "string" } });
      const { rotateKey } = await import("./rotate-key");
      console.log(await rotateKey(db, typeof v["new-key"] === "string" ? v["new-key"] : undefined));
      return;
    }
    case "api-key create":
    case "api-key list":
    case "api-key revoke": {
      const v = parse(args, { workspace: { type: "string" }, name: { type: "string" }, scopes: { type: "string" }, expires: { type: "string" }, key: { type: "string" } });
      await runApiKeyCommand(command, v, db, (name, hint) => required(v, name, hint));
      return;
    }
    case "db vacuum": {
      parse(args, {});
      await runDbCommand(command, db);
      return;
    }
    case "user reset-password": {
      const v = parse(args, { email: { type: "string" }, password: { type: "string" } });
      const r = await resetPassword({ email: required(v, "email", "sign-in email"), password: required(v, "password", "at least 8 characters") }, db);
      console.log(`Password updated for ${r.email}.`);
      return;
    }
  }
}

/** backup / restore (server/ops/backup.ts): on the database file, before (and without) any migration. */
async function runFileCommand(command: string, args: string[]): Promise<number> {
  const [{ env }, ops] = await Promise.all([import("../server/env"), import("../server/ops/backup")]);
  try {
    const flags = { force: { type: "boolean" as const } };
    if (command === "backup") {
      const v = parseFlags(args, { out: { type: "string" }, ...flags });
      const out = required(v, "out", "file to write, e.g. backups/switchyard.db");
      const r = await ops.backupDatabase({ databaseUrl: env().DATABASE_URL, out, force: v.force === true });
      console.log(`Backed up to ${r.file} (${(r.bytes / 1024 / 1024).toFixed(1)} MB): ${ops.describeSummary(r.summary)}.`);
      return 0;
    }
    const v = parseFlags(args, { from: { type: "string" }, ...flags });
    const from = required(v, "from", "a file made by npm run cli -- backup");
    const r = await ops.restoreDatabase({ databaseUrl: env().DATABASE_URL, from, force: v.force === true });
    console.log(`Restored ${r.file} from ${from}: ${ops.describeSummary(r.summary)}.`);
    if (r.previous) console.log(`The database it replaced is kept as ${r.previous}.`);
    console.log("Start the server (npm start): pending migrations, if any, are applied first.");
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`Error: ${err.message}\nRun "npm run cli -- help" for usage.`);
      return 2;
    }
    if (err instanceof ops.BackupError) {
      console.error(`Error: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

function parseFlags(args: string[], options: Record<string, { type: "string" } | { type: "boolean" }>): Values {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return values;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function resolveCommand(argv: string[]): { command: string; rest: string[] } {
  const [group, sub] = argv;
  if (!group || group === "help" || group === "--help" || group === "-h") return { command: "help", rest: [] };
  if (FILE_COMMANDS.has(group)) return { command: group, rest: argv.slice(1) };
  const two = `${group} ${sub ?? ""}`.trim();
  if (COMMANDS.includes(two)) return { command: two, rest: argv.slice(2) };
  throw new UsageError(`unknown command "${two}". Commands: ${COMMANDS.join(", ")}`);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2).filter((a, i) => !(i === 0 && a === "--"));
  let command: string;
  let rest: string[];
  try {
    ({ command, rest } = resolveCommand(argv));
  } catch (err) {
    console.error(`Error: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command === "help") {
    console.log(USAGE);
    return 0;
  }
  if (FILE_COMMANDS.has(command)) return runFileCommand(command, rest);
  const [{ env }, { createDb, prepareDb }, { migrateDatabase }] = await Promise.all([
    import("../server/env"),
    import("../server/db"),
    import("../server/db/migrate"),
  ]);
  const url = env().DATABASE_URL;
  await migrateDatabase(url);
  const db = createDb(url);
  try {
    await prepareDb(db, url);
    await run(command, rest, db);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`Error: ${err.message}\nRun "npm run cli -- help" for usage.`);
      return 2;
    }
    if (err instanceof AppError) {
      console.error(`Error: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`Error: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
