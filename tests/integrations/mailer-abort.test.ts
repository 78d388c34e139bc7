import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { StepError, type MailMessage } from "@/server/engine/contract";
import { createMailer } from "@/server/integrations/mail";
import { createTestDb, seedTestWorkspace, type TestDb } from "@/server/testing/db";

/**
 * The mailer under step timeouts and cancels, against a real SMTP server that can hold its
 * reply to RCPT TO (before the message is handed over) or to the message data (after).
 * The server counts a message as delivered when it accepts it, even if the client has hung
 * up by then: that is what a real MTA that already queued the message does.
 */

const accepted: Array<{ messageId: string; subject: string }> = [];
/** DATA commands seen / complete messages received (before the server's delayed reply). */
let dataStarted = 0;
let dataReceived = 0;
let rcptDelayMs = 0;
let dataDelayMs = 0;
let smtp: SMTPServer;
let smtpUrl = "";
let t: TestDb;
let workspaceId = "";
let keySeq = 0;

const msg = (subject = "Invoice ready"): MailMessage => ({ to: ["ada@example.com"], cc: [], bcc: [], subject, text: "Hello", html: "" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const newKey = () => `run_abort_${++keySeq}:email:`;
/** Aborts once the server has received the whole message (and holds its reply). */
async function abortOnceHandedOver(controller: AbortController, reason: unknown): Promise<void> {
  const before = dataReceived;
  while (dataReceived === before) await sleep(5);
  controller.abort(reason);
}
const rowOf = (stepKey: string) => t.db.outboxEmail.findUniqueOrThrow({ where: { workspaceId_stepKey: { workspaceId, stepKey } } });

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(_address, _session, callback) {
      setTimeout(() => callback(), rcptDelayMs);
    },
    onData(stream, _session, callback) {
      dataStarted++;
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      stream.on("end", () => {
        dataReceived++;
        setTimeout(() => {
          accepted.push({ messageId: /^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? "", subject: /^Subject: (.*)$/im.exec(raw)?.[1]?.trim() ?? "" });
          callback();
        }, dataDelayMs);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  t = await createTestDb();
  workspaceId = (await seedTestWorkspace(t.db, "mail-abort")).workspaceId;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.cleanup();
});

beforeEach(() => {
  accepted.length = 0;
  dataStarted = 0;
  dataReceived = 0;
  rcptDelayMs = 0;
  dataDelayMs = 0;
});

describe("mailer: a step timeout after the message was handed over", () => {
  it("rejects at once, and the retry waits for the first transaction instead of sending again", async () => {
    dataDelayMs = 1500; // the server holds its reply to the data longer than the step's timeout
    const mailer = createMailer({ db: t.db, smtpUrl });
    const key = newKey();
    const reason = new Error("timed out after 400 ms");
    const attempt1 = new AbortController();
    const t0 = Date.now();
    const first = mailer.send(workspaceId, key, "run_a", msg(), { signal: attempt1.signal });
    await abortOnceHandedOver(attempt1, reason);
    const abortedAt = Date.now();
    await expect(first).rejects.toBe(reason);
    expect(Date.now() - abortedAt).toBeLessThan(100);
    const during = await rowOf(key);
    expect(during.status).toBe("SENDING");
    expect(during.error).toMatch(/^Handed to the mail server at .*; waiting for its reply \(claim [0-9a-f]+\)$/);

    // The retry (same step key) runs while the server still holds the message.
    const second = await mailer.send(workspaceId, key, "run_a", msg(), { signal: AbortSignal.timeout(5000) });
    expect(second).toMatchObject({ id: during.id, status: "SENT", transport: "smtp" });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
    await mailer.drain();
    await sleep(200);
    expect(accepted).toHaveLength(1);
    expect(accepted[0].messageId).toBe(second.messageId);
    expect(dataStarted).toBe(1);
    expect((await rowOf(key)).error).toBeNull();
  });

  it("also when the retry runs in another process (a second mailer reads the send marker in the database)", async () => {
    dataDelayMs = 1200;
    const processA = createMailer({ db: t.db, smtpUrl });
    const processB = createMailer({ db: t.db, smtpUrl, pollMs: 50 });
    const key = newKey();
    const attempt1 = new AbortController();
    const first = processA.send(workspaceId, key, "run_b", msg(), { signal: attempt1.signal });
    await abortOnceHandedOver(attempt1, new Error("timeout"));
    await expect(first).rejects.toThrow("timeout");
    const second = await processB.send(workspaceId, key, "run_b", msg(), { signal: AbortSignal.timeout(5000) });
    expect(second.status).toBe("SENT");
    await processA.drain();
    await sleep(200);
    expect(accepted).toHaveLength(1);
  });

  it("a retry that times out again while waiting sends nothing; the one after it returns the SENT record", async () => {
    dataDelayMs = 1200;
    const mailer = createMailer({ db: t.db, smtpUrl });
    const key = newKey();
    const attempt1 = new AbortController();
    const first = mailer.send(workspaceId, key, "run_c", msg(), { signal: attempt1.signal });
    await abortOnceHandedOver(attempt1, new Error("timeout 1"));
    await expect(first).rejects.toThrow("timeout 1");
    await expect(mailer.send(workspaceId, key, "run_c", msg(), { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect((await rowOf(key)).status).toBe("SENDING");
    await mailer.drain();
    const third = await mailer.send(workspaceId, key, "run_c", msg(), { signal: AbortSignal.timeout(5000) });
    expect(third.status).toBe("SENT");
    await sleep(200);
    expect(accepted).toHaveLength(1);
  });

  it("no reply within the transaction limit: UNCONFIRMED, never sent again (a duplicate is worse)", async () => {
    dataDelayMs = 1500;
    const mailer = createMailer({ db: t.db, smtpUrl, deliveryTimeoutMs: 700 });
    const key = newKey();
    const err = (await mailer.send(workspaceId, key, "run_d", msg()).catch((e: unknown) => e)) as StepError;
    expect(err).toBeInstanceOf(StepError);
    expect(err.code).toBe("SMTP_UNCONFIRMED");
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/never confirmed.*not sent again.*Message-ID <[0-9a-f]{32}@switchyard\.local>/);
    expect((await rowOf(key)).status).toBe("UNCONFIRMED");
    const again = (await mailer.send(workspaceId, key, "run_d", msg()).catch((e: unknown) => e)) as StepError;
    expect(again.code).toBe("SMTP_UNCONFIRMED");
    await sleep(1200);
    expect(dataStarted).toBe(1);
    expect(accepted).toHaveLength(1); // the server did take it: sending again would have duplicated it
  });
});

describe("mailer: a cancel before the message was handed over", () => {
  it("closes the connection (nothing delivered), records why, and the retry sends the message once", async () => {
    rcptDelayMs = 1000; // the abort lands while the server is still answering RCPT TO
    const mailer = createMailer({ db: t.db, smtpUrl });
    const key = newKey();
    const cancel = new AbortController();
    const first = mailer.send(workspaceId, key, "run_e", msg(), { signal: cancel.signal });
    setTimeout(() => cancel.abort(new Error("run cancelled")), 300);
    await expect(first).rejects.toThrow("run cancelled");
    await mailer.drain();
    const row = await rowOf(key);
    expect(row.status).toBe("FAILED");
    expect(row.error).toMatch(/^Not sent: the step was stopped before the message reached the mail server/);
    await sleep(1000); // past the held RCPT reply: the first transaction must not have reached DATA
    expect(dataStarted).toBe(0);

    rcptDelayMs = 0;
    const retry = await mailer.send(workspaceId, key, "run_e", msg());
    expect(retry).toMatchObject({ id: row.id, status: "SENT" });
    expect(accepted).toHaveLength(1);
  });

  it("an already aborted signal sends and stores nothing (SMTP and outbox)", async () => {
    const aborted = AbortSignal.abort(new Error("gone"));
    const key = newKey();
    await expect(createMailer({ db: t.db, smtpUrl }).send(workspaceId, key, "run_f", msg(), { signal: aborted })).rejects.toThrow("gone");
    await expect(createMailer({ db: t.db, smtpUrl: "" }).send(workspaceId, key, "run_f", msg(), { signal: aborted })).rejects.toThrow("gone");
    expect(await t.db.outboxEmail.count({ where: { workspaceId, stepKey: key } })).toBe(0);
    expect(dataStarted).toBe(0);
  });
});

describe("mailer: send markers left by a process that died", () => {
  const stale = async (key: string, error: string) =>
    t.db.outboxEmail.create({
      data: { workspaceId, stepKey: key, runId: "run_g", from: "x@switchyard.test", to: "ada@example.com", subject: "Invoice ready", status: "SENDING", transport: "smtp", error },
    });

  it("resends when the dead attempt had not handed the message over", async () => {
    const key = newKey();
    await stale(key, "Sending since 2020-01-01T00:00:00.000Z; not handed to the mail server yet (claim dead01)");
    const sent = await createMailer({ db: t.db, smtpUrl }).send(workspaceId, key, "run_g", msg());
    expect(sent.status).toBe("SENT");
    expect(accepted).toHaveLength(1);
  });

  it("fails with SMTP_UNCONFIRMED, without sending, when the dead attempt had handed it over", async () => {
    const key = newKey();
    await stale(key, "Handed to the mail server at 2020-01-01T00:00:00.000Z; waiting for its reply (claim dead02)");
    const err = (await createMailer({ db: t.db, smtpUrl }).send(workspaceId, key, "run_g", msg()).catch((e: unknown) => e)) as StepError;
    expect(err.code).toBe("SMTP_UNCONFIRMED");
    expect((await rowOf(key)).status).toBe("UNCONFIRMED");
    expect(dataStarted).toBe(0);
  });

  it("waits for a recent marker of another live attempt until the step's signal ends the wait", async () => {
    const key = newKey();
    await stale(key, `Handed to the mail server at ${new Date().toISOString()}; waiting for its reply (claim live03)`);
    const t0 = Date.now();
    const err = await createMailer({ db: t.db, smtpUrl, pollMs: 50 })
      .send(workspaceId, key, "run_g", msg(), { signal: AbortSignal.timeout(400) })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe("TimeoutError");
    expect(Date.now() - t0).toBeLessThan(400 + 200);
    expect((await rowOf(key)).status).toBe("SENDING");
    expect(dataStarted).toBe(0);
  });
});

describe("mailer in outbox mode under a timeout", () => {
  it("the row keyed by the step key dedupes: a retry after a timed-out attempt keeps one row", async () => {
    const mailer = createMailer({ db: t.db, smtpUrl: "" });
    const key = newKey();
    const first = await mailer.send(workspaceId, key, "run_h", msg("first"), { signal: AbortSignal.timeout(5000) });
    const retry = await mailer.send(workspaceId, key, "run_h", msg("changed on retry"), { signal: AbortSignal.timeout(5000) });
    expect(retry.id).toBe(first.id);
    const rows = await t.db.outboxEmail.findMany({ where: { workspaceId, stepKey: key } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "STORED", subject: "first" });
  });
});
