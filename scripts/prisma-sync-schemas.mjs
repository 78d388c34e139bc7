// Generates prisma/postgres/schema.prisma from prisma/schema.prisma (the SQLite
// source of truth). The two differ only in provider and generator output.
// `--check` exits 1 when the PostgreSQL file is out of date (used by CI).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const src = path.join(root, "prisma/schema.prisma");
const dest = path.join(root, "prisma/postgres/schema.prisma");

export function postgresSchemaText(sqliteText) {
  const out = sqliteText
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../server/db/generated/sqlite"', 'output       = "../../server/db/generated/postgres"');
  if (out === sqliteText) throw new Error("prisma/schema.prisma: provider/output lines not found");
  return "// GENERATED from prisma/schema.prisma by scripts/prisma-sync-schemas.mjs. Do not edit.\n" + out;
}

const want = postgresSchemaText(readFileSync(src, "utf8"));
if (process.argv.includes("--check")) {
  const have = existsSync(dest) ? readFileSync(dest, "utf8") : "";
  if (have !== want) {
    console.error("prisma/postgres/schema.prisma is out of date: run `npm run db:sync-schemas`");
    process.exit(1);
  }
  console.log("prisma schemas in sync");
} else {
  mkdirSync(path.dirname(dest), { recursive: true });
  writeFileSync(dest, want);
  console.log("wrote prisma/postgres/schema.prisma");
}
