import { defineConfig } from "prisma/config";

// Used only by `prisma generate` (scripts/prisma-generate.mjs). Migrations run
// through Prisma's WebAssembly schema engine (scripts/db/), see README.
export default defineConfig({
  schema: "prisma/schema.prisma",
});
