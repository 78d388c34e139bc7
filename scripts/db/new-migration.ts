/**
 * `npm run db:migration -- <name>`: creates the next migration for SQLite
 * (prisma/migrations) and PostgreSQL (prisma/postgres/migrations) from the
 * difference between the committed migrations and prisma/schema.prisma.
 * PostgreSQL needs a server for the temporary shadow database: SHADOW_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { env } from "../../server/env";
import { createMigrations } from "../../server/db/new-migration";
import { projectRoot } from "../../server/db/migration-files";

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== "--");
  if (args.length !== 1 || args[0].startsWith("-")) {
    console.error("Usage: npm run db:migration -- <name>   (e.g. add_api_keys)");
    return 2;
  }
  const root = projectRoot();
  execFileSync(process.execPath, [path.join(root, "scripts/prisma-sync-schemas.mjs")], { stdio: "inherit", cwd: root });
  const created = await createMigrations(args[0], env().SHADOW_DATABASE_URL);
  if (created.length === 0) {
    console.log("no changes: the migrations already match prisma/schema.prisma");
    return 0;
  }
  for (const m of created) console.log(`created ${path.relative(root, m.file)} (${m.provider})`);
  console.log("Regenerate the clients if you have not: node scripts/prisma-generate.mjs");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
