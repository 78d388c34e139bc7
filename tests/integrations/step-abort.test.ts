import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "@/server/integrations/mail";
import { createSandbox } from "@/server/integrations/sandbox";
import { createRun } from "@/server/services/runs/create-run";
import { chain, createAutomation, engineEnv, node, setupEngineTest, stepsOf, trigger, waitForStatus, type EngineTest } from "../engine/helpers";

/**
 * The step timeout reaches the outside world through the real engine: a code step's
 * QuickJS worker is stopped at once, and a send_email step that timed out while the SMTP
 * server held its reply is not sent again by the retry.
 */

engineEnv();

const accepted: string[] = [];
let dataDelayMs = 0;
let smtp: SMTPServer;
let t: EngineTest;
const sandbox = createSandbox({ maxConcurrent: 1 });
let mailer: ReturnType<typeof createMailer>;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
      // The message is kept (as an MTA that queued it would) even if the client hung up meanwhile.
      stream.on("end", () =>
        setTimeout(() => {
          accepted.push(/^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? "");
          callback();
        }, dataDelayMs),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  t = await setupEngineTest();
  mailer = createMailer({ db: t.db, smtpUrl });
  // Only a runtime with these services may pick up runs.
  await t.rt.dispose();
  await t.restart({ services: { sandbox, mailer } });
});

afterAll(async () => {
  await mailer.drain();
  await sandbox.close();
  await t.cleanup();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function runOf(graph: Parameters<typeof createAutomation>[2]) {
  const { automationId } = await createAutomation(t.db, t.ws.workspaceId, graph);
  return (await createRun({ workspaceId: t.ws.workspaceId, automationId, triggerType: "manual" }, t.db)).runId;
}

describe("step timeout reaches code steps", () => {
  it("a while(true){} code step fails at the step timeout and the sandbox slot is free right away", async () => {
    await sandbox.run("return 0;", {}, { timeoutMs: 1000, memoryMb: 32 }); // warm worker + spare
    const graph = chain([trigger(), node("spin", "code", { code: "while (true) {}", timeoutMs: 10_000, memoryMb: 32 }, { timeoutMs: 400 })]);
    const runId = await runOf(graph);
    const run = await waitForStatus(t.db, runId, ["FAILED", "COMPLETED"], 8000);
    const failedAt = Date.now();
    expect(run.status).toBe("FAILED");
    const spin = (await stepsOf(t.db, runId)).find((s) => s.nodeId === "spin");
    expect(spin).toMatchObject({ status: "FAILED", errorCode: "STEP_TIMEOUT" });
    // One slot in this sandbox: the spinning code must have let go of it (it held it for
    // the code's own 10 s limit before the signal reached the sandbox).
    const r = await sandbox.run("return 'free';", {}, { timeoutMs: 1000, memoryMb: 32 });
    expect(r.value).toBe("free");
    // Held, the slot would come back only at the code's own 10 s limit; 3 s leaves room for a loaded machine.
    expect(Date.now() - failedAt).toBeLessThan(3000);
  });
});

describe("step timeout reaches send_email steps", () => {
  it("the retry of a send that timed out while the server held its reply does not send again", async () => {
    dataDelayMs = 1000; // longer than the step timeout
    accepted.length = 0;
    const email = node(
      "mail",
      "send_email",
      { to: "ada@example.com", subject: "Your invoice", text: "Attached.", html: "" },
      { timeoutMs: 600, retry: { maxAttempts: 4, backoffMs: 100, maxBackoffMs: 200 } },
    );
    const runId = await runOf(chain([trigger(), email]));
    const run = await waitForStatus(t.db, runId, ["FAILED", "COMPLETED"], 10_000);
    expect(run.status).toBe("COMPLETED");
    const attempts = (await stepsOf(t.db, runId)).filter((s) => s.nodeId === "mail");
    expect(attempts[0]).toMatchObject({ attempt: 1, status: "FAILED", errorCode: "STEP_TIMEOUT" });
    const last = attempts[attempts.length - 1];
    expect(last.status).toBe("SUCCEEDED");
    expect(JSON.parse(last.response ?? "null")).toMatchObject({ status: "sent", transport: "smtp" });
    await mailer.drain();
    // Longer than the server's hold: a second transaction started by a retry would have landed.
    await new Promise((r) => setTimeout(r, dataDelayMs + 500));
    expect(accepted).toHaveLength(1);
    const rows = await t.db.outboxEmail.findMany({ where: { workspaceId: t.ws.workspaceId, runId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "SENT", messageId: accepted[0] });
  });
});
