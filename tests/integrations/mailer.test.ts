import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StepError, type MailMessage } from "@/server/engine/contract";
import { resetEnvForTests } from "@/server/env";
import { createMailer } from "@/server/integrations/mail";
import { createTestDb, seedTestWorkspace, type TestDb } from "@/server/testing/db";

const received: Array<{ envelopeTo: string[]; mail: ParsedMail }> = [];
let rejectNext: "temporary" | "permanent" | null = null;
let smtp: SMTPServer;
let smtpUrl = "";
let t: TestDb;
let workspaceId = "";

const msg = (over: Partial<MailMessage> = {}): MailMessage => ({
  to: ["ada@example.com"],
  cc: ["bob@example.com"],
  bcc: ["hidden@example.com"],
  subject: "Order shipped",
  text: "Your order is on its way.",
  html: "<p>Your order is on its <b>way</b>.</p>",
  ...over,
});

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (rejectNext) {
          const kind = rejectNext;
          rejectNext = null;
          const err = Object.assign(new Error(kind === "permanent" ? "Mailbox unavailable" : "Try again later"), {
            responseCode: kind === "permanent" ? 550 : 451,
          });
          return callback(err);
        }
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  t = await createTestDb();
  workspaceId = (await seedTestWorkspace(t.db, "mail")).workspaceId;
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvForTests();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t.cleanup();
});

describe("mailer over a real SMTP server (SMTP_URL set)", () => {
  it("sends once per step key and records SENT", async () => {
    process.env.SMTP_URL = smtpUrl;
    process.env.SMTP_FROM = "Switchyard Test <robot@switchyard.test>";
    resetEnvForTests();
    const mailer = createMailer({ db: t.db });
    try {
      const before = received.length;
      const first = await mailer.send(workspaceId, "run1:email:", "run1", msg());
      expect(first).toMatchObject({ status: "SENT", transport: "smtp" });
      expect(first.messageId).toMatch(/^<[0-9a-f]{32}@switchyard\.local>$/);
      expect(received.length).toBe(before + 1);
      const got = received[received.length - 1];
      expect(got.mail.subject).toBe("Order shipped");
      expect(got.mail.text?.trim()).toBe("Your order is on its way.");
      expect(got.mail.html).toContain("<b>way</b>");
      expect(got.mail.from?.text).toContain("robot@switchyard.test");
      expect(got.mail.messageId).toBe(first.messageId);
      expect(got.envelopeTo.sort()).toEqual(["ada@example.com", "bob@example.com", "hidden@example.com"]);
      expect(got.mail.headers.get("bcc")).toBeUndefined();

      const again = await mailer.send(workspaceId, "run1:email:", "run1", msg());
      expect(again).toEqual(first);
      expect(received.length).toBe(before + 1);

      const row = await t.db.outboxEmail.findUniqueOrThrow({ where: { id: first.id } });
      expect(row).toMatchObject({ status: "SENT", transport: "smtp", to: "ada@example.com", cc: "bob@example.com", runId: "run1" });
    } finally {
      await mailer.drain();
      delete process.env.SMTP_FROM;
    }
  });

  it("records FAILED and throws retryable on a temporary SMTP failure, then sends on retry", async () => {
    const mailer = createMailer({ db: t.db, smtpUrl });
    try {
      rejectNext = "temporary";
      const err = await mailer.send(workspaceId, "run2:email:", "run2", msg()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StepError);
      expect((err as StepError).retryable).toBe(true);
      expect((err as StepError).code).toBe("SMTP_ERROR");
      const failed = await t.db.outboxEmail.findFirstOrThrow({ where: { workspaceId, stepKey: "run2:email:" } });
      expect(failed.status).toBe("FAILED");
      expect(failed.error).toContain("Try again later");

      const ok = await mailer.send(workspaceId, "run2:email:", "run2", msg());
      expect(ok.status).toBe("SENT");
      expect(ok.id).toBe(failed.id);
    } finally {
      await mailer.drain();
    }
  });

  it("treats a permanent SMTP rejection as fatal", async () => {
    const mailer = createMailer({ db: t.db, smtpUrl });
    try {
      rejectNext = "permanent";
      const err = (await mailer.send(workspaceId, "run3:email:", "run3", msg()).catch((e: unknown) => e)) as StepError;
      expect(err.retryable).toBe(false);
      expect(err.code).toBe("SMTP_REJECTED");
    } finally {
      await mailer.drain();
    }
  });

  it("reports an unreachable SMTP server as retryable", async () => {
    const mailer = createMailer({ db: t.db, smtpUrl: "smtp://127.0.0.1:1" });
    try {
      const err = (await mailer.send(workspaceId, "run4:email:", "run4", msg()).catch((e: unknown) => e)) as StepError;
      expect(err).toBeInstanceOf(StepError);
      expect(err.retryable).toBe(true);
    } finally {
      await mailer.drain();
    }
  });
});

describe("mailer in outbox mode (SMTP_URL unset)", () => {
  it("stores the message without sending, once per step key", async () => {
    delete process.env.SMTP_URL;
    resetEnvForTests();
    const mailer = createMailer({ db: t.db });
    const before = received.length;
    const stored = await mailer.send(workspaceId, "run5:email:", "run5", msg({ cc: [], bcc: [] }));
    expect(stored).toMatchObject({ status: "STORED", transport: "outbox", messageId: null });
    const again = await mailer.send(workspaceId, "run5:email:", "run5", msg({ subject: "changed" }));
    expect(again.id).toBe(stored.id);
    expect(received.length).toBe(before);
    const rows = await t.db.outboxEmail.findMany({ where: { workspaceId, stepKey: "run5:email:" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ subject: "Order shipped", to: "ada@example.com", cc: "", status: "STORED" });
  });
});

describe("mailer with SMTP authentication from the URL", () => {
  it("logs in with smtp://user:pass@host and fails fatally on rejected credentials", async () => {
    const logins: string[] = [];
    let delivered = 0;
    const authServer = new SMTPServer({
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        logins.push(`${auth.username}:${auth.password}`);
        if (auth.username === "robot" && auth.password === "s3cret") return callback(null, { user: auth.username });
        callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on("end", () => {
          delivered++;
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => authServer.listen(0, "127.0.0.1", resolve));
    const port = (authServer.server.address() as AddressInfo).port;
    try {
      const good = createMailer({ db: t.db, smtpUrl: `smtp://robot:s3cret@127.0.0.1:${port}` });
      expect((await good.send(workspaceId, "run6:email:", "run6", msg())).status).toBe("SENT");
      const bad = createMailer({ db: t.db, smtpUrl: `smtp://robot:wrong@127.0.0.1:${port}` });
      const err = (await bad.send(workspaceId, "run7:email:", "run7", msg()).catch((e: unknown) => e)) as StepError;
      expect(err.code).toBe("SMTP_REJECTED");
      expect(logins).toEqual(["robot:s3cret", "robot:wrong"]);
      expect(delivered).toBe(1);
    } finally {
      await new Promise<void>((resolve) => authServer.close(() => resolve()));
    }
  });
});
