import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { providerOfDb } from "@/server/db";

/**
 * An interactive transaction stays open across awaits. Writes made meanwhile by
 * other requests (outside the transaction) must not become part of it: when it
 * rolls back they must survive. (Prisma's SQLite adapter shares one connection;
 * server/db/sqlite-serialize.ts makes such writes wait for the transaction.)
 */
describe("transaction isolation from concurrent requests", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.cleanup();
  });

  it("a rolled-back transaction does not undo a concurrent write made outside it", async () => {
    const { db } = t;
    const tag = `iso-${Date.now()}`;
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const txn = db
      .$transaction(async (tx) => {
        await tx.workspace.create({ data: { name: "rolled back", slug: `${tag}-a` } });
        entered();
        await new Promise((r) => setTimeout(r, 150));
        throw new Error("roll back on purpose");
      })
      .catch((e: unknown) => e);

    await inside;
    // A different "request" writes while the transaction is still open.
    await db.workspace.create({ data: { name: "must survive", slug: `${tag}-b` } });
    const err = await txn;
    expect(String(err)).toContain("roll back on purpose");

    expect(await db.workspace.findUnique({ where: { slug: `${tag}-a` } })).toBeNull();
    expect(await db.workspace.findUnique({ where: { slug: `${tag}-b` } })).not.toBeNull();
    expect(providerOfDb(db)).toBeDefined();
  });

  it("transactions and outside queries still all complete under concurrency", async () => {
    const { db } = t;
    const tag = `conc-${Date.now()}`;
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      work.push(
        db.$transaction(async (tx) => {
          await tx.workspace.create({ data: { name: `t${i}`, slug: `${tag}-t${i}` } });
          await new Promise((r) => setTimeout(r, 2));
          return tx.workspace.count();
        }),
      );
      work.push(db.workspace.create({ data: { name: `o${i}`, slug: `${tag}-o${i}` } }));
    }
    await Promise.all(work);
    const n = await db.workspace.count({ where: { slug: { startsWith: tag } } });
    expect(n).toBe(40);
  });
});
