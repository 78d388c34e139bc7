/**
 * bench:webhook with BENCH_SERVER=ingress: the node:http ingress and the
 * embedded engine exactly as scripts/serve.ts assembles them, without Next.js
 * behind it (other paths answer 404). Shows what Next.js adds to memory; the
 * hook path is the same code.
 */
import { dbReady } from "../server/db";
import { env } from "../server/env";
import { createIngressServer } from "../server/runtime/ingress";
import { startEngine } from "../server/runtime/process";

async function main(): Promise<void> {
  const db = await dbReady();
  await startEngine({ exitOnSignal: true });
  const server = createIngressServer({ db, fallback: (_req, res) => void res.writeHead(404).end() });
  server.listen(env().PORT, "127.0.0.1", () => process.stdout.write(`switchyard listening (pid ${process.pid})\n`));
}

void main();
