import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { decideCallback } from "@/server/services/approvals/callback";
import { CallbackRateLimiter } from "@/server/approvals/rate-limit";
import { OUTBOX_NOTE, SMTP_NOTE } from "@/server/integrations/mail/redact";
import { engineEnv, setupEngineTest, waitFor, waitForStatus, type EngineTest } from "../engine/helpers";
import { callers } from "../trpc/harness";
import { dumpTables } from "../connections/fixture";
import { approvalGraph, branchTaken, startPaused, tokenFor } from "./helpers";

/**
 * Approval links are capabilities: the database never holds one in clear.
 * SMTP mode: the outbox keeps a redacted copy only. Outbox mode (no SMTP):
 * the original is sealed and only admins open it through outbox.get; a
 * specialist reads the redacted copy and cannot decide as the approver.
 */
engineEnv({ APP_URL: "https://switchyard.test" });

const TOKEN_RE = /\/approve\/([A-Za-z0-9_-]{43})/;
const open = () => ({ ip: "203.0.113.9", limiter: new CallbackRateLimiter({ perIp: 10_000, perToken: 10_000, windowMs: 60_000 }) });

let t: EngineTest;
let smtp: SMTPServer;
let smtpUrl = "";
const received: Array<{ to: string; text: string; html: string }> = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            received.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), text: mail.text ?? "", html: typeof mail.html === "string" ? mail.html : "" });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  t = await setupEngineTest();
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  resetEnvForTests();
  await t.cleanup();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe("approval links in the outbox", () => {
  it("outbox mode: admins open the sealed original through outbox.get; a specialist reads the redacted copy", async () => {
    const c = await callers(t.db, t.ws);
    const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: "outside@example.com", approverRoles: [] }));
    const token = await tokenFor(t.db, runId, "outside@example.com");
    const { items } = await c.specialist.outbox.list({ runId });
    expect(items).toHaveLength(1);
    // the list never carries a body
    expect(JSON.stringify(items)).not.toContain(token);

    const asSpecialist = await c.specialist.outbox.get({ id: items[0].id });
    expect(asSpecialist).toMatchObject({ sensitive: true, revealed: false, to: "outside@example.com" });
    expect(JSON.stringify(asSpecialist)).not.toContain(token);
    expect(asSpecialist.text).toContain("https://switchyard.test/approve/••••");
    expect(asSpecialist.text).toContain(OUTBOX_NOTE);
    expect(asSpecialist.text).not.toContain("switchyard-sealed");
    expect(TOKEN_RE.exec(asSpecialist.text)).toBeNull();
    expect(TOKEN_RE.exec(asSpecialist.html)).toBeNull();

    const asAdmin = await c.admin.outbox.get({ id: items[0].id });
    expect(asAdmin).toMatchObject({ sensitive: true, revealed: true });
    expect(asAdmin.text).toContain(`https://switchyard.test/approve/${token}`);
    expect(asAdmin.html).toContain(`https://switchyard.test/approve/${token}`);
    expect(asAdmin.text).not.toContain(OUTBOX_NOTE);

    // another workspace's admin: not found
    await expect(c.otherAdmin.outbox.get({ id: items[0].id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // an ordinary email is not marked
    const plain = await t.db.outboxEmail.create({ data: { workspaceId: t.ws.workspaceId, from: "a@x.test", to: "b@x.test", subject: "Hi", text: "Hello", html: "", status: "STORED", transport: "outbox" } });
    expect(await c.specialist.outbox.get({ id: plain.id })).toMatchObject({ text: "Hello", sensitive: false, revealed: false });
  });

  it("SMTP mode: the approver receives the link; the outbox and every other table hold no raw token", async () => {
    process.env.SMTP_URL = smtpUrl;
    resetEnvForTests();
    try {
      const c = await callers(t.db, t.ws);
      const emails = ["ann@example.com", "bob@example.com"];
      const { runId } = await startPaused(t.db, t.ws.workspaceId, approvalGraph({ approverEmails: emails.join(", "), approverRoles: [], approvalsNeeded: "all", remindAfterHours: 1 }));
      const rows = await waitFor("both mails sent", async () => {
        const r = await t.db.outboxEmail.findMany({ where: { runId, status: "SENT" } });
        return r.length === 2 ? r : null;
      });
      const tokens = emails.map((e) => {
        const mail = received.find((m) => m.to === e);
        const token = TOKEN_RE.exec(mail?.text ?? "")?.[1];
        expect(token, `link received by ${e}`).toBeTruthy();
        expect(mail?.html).toContain(`/approve/${token}`);
        return token!;
      });
      for (const row of rows) {
        expect(row.transport).toBe("smtp");
        expect(row.text).toContain("https://switchyard.test/approve/••••");
        expect(row.text).toContain(SMTP_NOTE);
        expect(row.html).toContain("/approve/••••");
      }
      // even an admin gets the redacted copy: nothing is kept to reveal
      const asAdmin = await c.admin.outbox.get({ id: rows[0].id });
      expect(asAdmin).toMatchObject({ sensitive: true, revealed: false });
      expect(TOKEN_RE.exec(asAdmin.text)).toBeNull();

      // a decision with the received link works, and every table is scanned for the raw tokens
      expect(await decideCallback(tokens[0], { decision: "approve", comment: "fine" }, open(), t.db)).toMatchObject({ state: "decided", outcome: null });
      const dump = await dumpTables(t.db);
      for (const table of ["OutboxEmail", "ApprovalToken", "ApprovalRequest", "StepRun", "Run", "RunEvent", "AuditLog", "Notification"]) expect(dump).toContain(`${table}\n`);
      for (const token of tokens) expect(dump).not.toContain(token);
      expect(await decideCallback(tokens[1], { decision: "approve" }, open(), t.db)).toMatchObject({ state: "decided", outcome: "approved" });
      await waitForStatus(t.db, runId, ["COMPLETED"]);
      expect(await branchTaken(t.db, runId)).toEqual(["ok"]);
      const after = await dumpTables(t.db);
      for (const token of tokens) expect(after).not.toContain(token);
    } finally {
      delete process.env.SMTP_URL;
      resetEnvForTests();
    }
  });
});
