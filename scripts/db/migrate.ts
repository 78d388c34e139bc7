/**
 * `npm run db:migrate [-- --seed]`: applies the committed migrations to
 * DATABASE_URL (default: SQLite file under ./data/). With --seed, then creates
 * the demo data if the database has no workspace yet, and prints the demo
 * sign-ins whenever the demo workspace exists.
 */
import { parseArgs } from "node:util";
import { env } from "../../server/env";
import { createDb, prepareDb, providerOf, type Db } from "../../server/db";
import { migrateDatabase } from "../../server/db/migrate";
import { seedDemo } from "../../server/services/seed/seed-demo";
import { DEMO_ACCOUNTS } from "../../server/services/seed/demo-data";

function describe(url: string): string {
  return providerOf(url) === "sqlite" ? `SQLite ${url.replace(/^file:/, "")}` : `PostgreSQL ${new URL(url).host}${new URL(url).pathname}`;
}

async function printDemoSignIns(db: Db): Promise<void> {
  const acme = await db.workspace.findUnique({ where: { slug: "acme" }, select: { id: true } });
  const users = await db.user.findMany({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } }, select: { email: true } });
  if (!acme || users.length === 0) return;
  const present = new Set(users.map((u) => u.email));
  console.log("Demo sign-ins (change these passwords on a real server: npm run cli -- user reset-password …):");
  for (const a of DEMO_ACCOUNTS) {
    if (!present.has(a.email)) continue;
    const where = a.memberships.map((m) => `${m.role} in ${m.workspaceSlug}`).join(", ");
    console.log(`  ${a.email.padEnd(22)} ${a.password.padEnd(15)} ${where}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: "boolean", default: false } }, strict: true });
  const url = env().DATABASE_URL;
  const { applied } = await migrateDatabase(url);
  if (applied.length === 0) console.log(`Database is up to date (${describe(url)}).`);
  else console.log(`Applied ${applied.length} migration(s) to ${describe(url)}:\n${applied.map((n) => `  ${n}`).join("\n")}`);
  if (!values.seed) return;
  const db = createDb(url);
  try {
    await prepareDb(db, url);
    const { seeded } = await seedDemo(db);
    if (seeded) console.log("Created the demo workspaces (acme, globex, sandbox).");
    await printDemoSignIns(db);
  } finally {
    await db.$disconnect();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
