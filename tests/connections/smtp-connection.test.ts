import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonValue } from "@/server/engine/contract";
import { createConnectionResolver } from "@/server/connections/resolver";
import { createMailer } from "@/server/integrations/mail";
import { sendEmailExecutor } from "@/server/nodes/send-email";
import { createConnection } from "@/server/services/connections/create-connection";
import { updateConnection } from "@/server/services/connections/update-connection";
import { runConnectionTest } from "@/server/services/connections/test-connection";
import type { Actor } from "@/server/services/errors";
import { createTestDb, seedTestWorkspace, type TestDb } from "@/server/testing/db";
import { makeCtx } from "../nodes/helpers";

/** Send email through an SMTP connection: its server, its login, its sender; the password never recorded. */
const PASSWORD = `smtp_pw_${Date.now().toString(36)}`;
const received: Array<{ user: string | undefined; mail: ParsedMail }> = [];
let smtp: SMTPServer;
let port = 0;
let t: TestDb;
let admin: Actor;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === "mailer" && auth.password === PASSWORD) return callback(null, { user: auth.username });
      return callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            received.push({ user: session.user as string | undefined, mail });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  port = (smtp.server.address() as AddressInfo).port;
  t = await createTestDb();
  const ws = await seedTestWorkspace(t.db, "smtp-conn");
  admin = { userId: ws.adminId, workspaceId: ws.workspaceId, role: "ADMIN" };
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await t?.cleanup();
});

describe("SMTP connection", () => {
  it("tests the login, sends a step's email through the server from the connection's sender, and records no password", async () => {
    const conn = await createConnection(admin, {
      name: "Relay",
      type: "smtp",
      values: { host: "127.0.0.1", port: String(port), security: "none", username: "mailer", password: PASSWORD, from: "Ops Team <ops@example.com>" },
    }, t.db);
    expect(await runConnectionTest(admin, { id: conn.id }, t.db)).toMatchObject({ ok: true, message: expect.stringContaining("logged in") });

    let recorded: JsonValue | undefined;
    const ctx = makeCtx({
      workspaceId: admin.workspaceId,
      config: { to: "ada@example.com", subject: "Order shipped", text: "On its way", connectionId: conn.id },
      recordRequest: (r) => void (recorded = r),
      services: { mailer: createMailer({ db: t.db, smtpUrl: "" }), connections: createConnectionResolver(t.db) },
    });
    const result = await sendEmailExecutor.execute(ctx);
    expect(result).toMatchObject({ output: { status: "sent", transport: "smtp" } });
    expect(received).toHaveLength(1);
    expect(received[0].user).toBe("mailer");
    expect(received[0].mail.from?.value[0]).toMatchObject({ name: "Ops Team", address: "ops@example.com" });
    expect(recorded).toMatchObject({ from: "Ops Team <ops@example.com>", connection: "Relay", server: `127.0.0.1:${port}` });
    expect(JSON.stringify(recorded)).not.toContain(PASSWORD);

    // A wrong password: the test says so without echoing it.
    await updateConnection(admin, { id: conn.id, values: { password: "wrong-password-1" } }, t.db);
    const refused = await runConnectionTest(admin, { id: conn.id }, t.db);
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/Login refused by 127\.0\.0\.1/);
    expect(refused.message).not.toContain("wrong-password-1");
  });
});
