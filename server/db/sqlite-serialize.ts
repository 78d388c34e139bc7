import type { SqlDriverAdapter, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Prisma's better-sqlite3 adapter has ONE connection. Its interactive
 * transactions stay open across `await`s, and queries issued meanwhile by other
 * requests (outside the transaction) run on the same connection, i.e. INSIDE
 * that transaction: a rollback would silently undo them. This wrapper makes
 * every query outside a transaction wait until no interactive transaction is
 * open, so transactions are isolated from concurrent requests.
 *
 * A query that waits longer than `waitMs` fails with a clear error instead of
 * hanging (that would mean code inside a transaction used the base client
 * instead of `tx`).
 */
export function serializeOutsideTransactions(adapter: SqlDriverAdapter, waitMs = 30_000): SqlDriverAdapter {
  let open: Promise<void> | null = null;

  async function waitForNoTransaction(): Promise<void> {
    const deadline = Date.now() + waitMs;
    while (open) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`SQLite: a query waited ${waitMs} ms for an open transaction to finish (is code inside a transaction using the base client instead of tx?)`);
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([open, new Promise<void>((r) => (timer = setTimeout(r, remaining)))]);
      clearTimeout(timer);
    }
  }

  const queryRaw = adapter.queryRaw.bind(adapter);
  const executeRaw = adapter.executeRaw.bind(adapter);
  const executeScript = adapter.executeScript.bind(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);

  adapter.queryRaw = async (q: SqlQuery) => {
    await waitForNoTransaction();
    return queryRaw(q);
  };
  adapter.executeRaw = async (q: SqlQuery) => {
    await waitForNoTransaction();
    return executeRaw(q);
  };
  adapter.executeScript = async (script: string) => {
    await waitForNoTransaction();
    return executeScript(script);
  };
  adapter.startTransaction = async (isolationLevel) => {
    await waitForNoTransaction();
    let done!: () => void;
    const gate = new Promise<void>((r) => (done = r));
    open = gate;
    const finish = () => {
      if (open === gate) open = null;
      done();
    };
    let tx: Transaction;
    try {
      tx = await startTransaction(isolationLevel);
    } catch (e) {
      finish();
      throw e;
    }
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    tx.commit = async () => {
      try {
        await commit();
      } finally {
        finish();
      }
    };
    tx.rollback = async () => {
      try {
        await rollback();
      } finally {
        finish();
      }
    };
    return tx;
  };
  return adapter;
}
