// Generates both Prisma clients (SQLite and PostgreSQL) offline.
// Prisma's CLI wants a native schema engine binary before generating even though
// generate never uses it; pointing PRISMA_SCHEMA_ENGINE_BINARY at an existing
// executable skips the (unreachable) download. See ../shared/notes/environment.md.
import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || "/bin/true",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
execFileSync(process.execPath, [path.join(root, "scripts/prisma-sync-schemas.mjs")], { stdio: "inherit", cwd: root });
const cli = path.join(root, "node_modules/prisma/build/index.js");
for (const schema of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
  execFileSync(process.execPath, [cli, "generate", "--schema", schema, "--no-hints"], { stdio: "inherit", cwd: root, env });
}
