import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import { openConnection, ConnectionUnreadableError } from "@/server/connections/sealed";
import { createConnectionResolver } from "@/server/connections/resolver";
import { rotateEncryptionKey, RotationError } from "@/server/connections/rotate-key";
import { currentEncryptionKey, openSecret, sealSecret } from "@/server/security/secret-box";
import { StepError, type MailMessage } from "@/server/engine/contract";
import { openStoredBodies, storedBodies } from "@/server/integrations/mail/redact";
import { CONNECTION_TYPES } from "@/lib/connections/catalog";
import { callers, expectTrpcError } from "../trpc/harness";
import { chain, node } from "../engine/helpers";
import { hits, secretValues } from "./fixture";

let t: TestDb;
let ws: TestWorkspace;
let c: Awaited<ReturnType<typeof callers>>;
const S = secretValues();

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "connections");
  c = await callers(t.db, ws);
});
afterAll(async () => {
  await t?.cleanup();
});

const ROUND_TRIP: Record<string, { values: Record<string, string>; secret: string[] }> = {
  http_bearer: { values: { token: S.token, testUrl: "https://api.example.com/me" }, secret: ["token"] },
  http_header: { values: { headerName: "X-Api-Key", value: S.headerValue }, secret: ["value"] },
  http_basic: { values: { username: S.basicUser, password: S.basicPassword }, secret: ["password"] },
  slack_webhook: { values: { webhookUrl: `https://hooks.slack.com/services/T1/B2/${S.slackPath}` }, secret: ["webhookUrl"] },
  smtp: { values: { host: "smtp.example.com", port: "587", security: "starttls", username: "ops", password: S.smtpPassword, from: "Ops <ops@example.com>" }, secret: ["password"] },
  secrets: { values: { apiKey: S.apiKey, region: `eu_${S.apiKey}` }, secret: ["apiKey", "region"] },
};

describe("connection types: round trip", () => {
  it("covers every type of the catalog", () => {
    expect(Object.keys(ROUND_TRIP).sort()).toEqual(CONNECTION_TYPES.map((d) => d.type).sort());
  });

  for (const [type, sample] of Object.entries(ROUND_TRIP)) {
    it(`${type}: stored sealed, shown without secrets, decrypted exactly for steps, secret replaced write-only`, async () => {
      const created = await c.admin.connections.create({ name: `rt ${type}`, type: type as "secrets", values: sample.values });
      const secretValuesOf = sample.secret.map((f) => sample.values[f]);
      expect(hits(JSON.stringify(created), secretValuesOf)).toEqual([]);
      expect(created.detail?.secrets.map((s) => s.field).sort()).toEqual([...sample.secret].sort());
      expect(created.detail?.secrets[0].setBy?.id).toBe(ws.adminId);
      for (const [field, value] of Object.entries(sample.values)) if (!sample.secret.includes(field)) expect(created.detail?.values[field]).toBe(value);

      const row = await t.db.connection.findUniqueOrThrow({ where: { id: created.id } });
      expect(hits(row.values + row.secrets, secretValuesOf)).toEqual([]);
      expect(row.secrets).toMatch(/"enc":"v1\./);
      expect(openConnection(row).values).toEqual(sample.values);
      const resolved = await createConnectionResolver(t.db).byId(ws.workspaceId, created.id, [type]);
      expect(resolved.values).toEqual(sample.values);

      // Replace one secret: the others keep their value; an empty secret means "unchanged".
      const field = sample.secret[0];
      const fresh = `new_${randomBytes(6).toString("hex")}`;
      const replaced = field === "webhookUrl" ? `https://hooks.slack.com/services/T9/B9/${fresh}` : fresh;
      const keep = Object.fromEntries(sample.secret.slice(1).map((f) => [f, ""]));
      const updated = await c.admin.connections.update({ id: created.id, values: { [field]: replaced, ...keep } });
      expect(JSON.stringify(updated)).not.toContain(replaced);
      const after = openConnection(await t.db.connection.findUniqueOrThrow({ where: { id: created.id } })).values;
      expect(after).toEqual({ ...sample.values, [field]: replaced });
    });
  }

  it("rejects invalid values field by field, a duplicate name, and an unknown type", async () => {
    const bad = await expectTrpcError(c.admin.connections.create({ name: "bad", type: "smtp", values: { host: "smtp://x", port: "99999", security: "tls", from: "nobody" } }), "BAD_REQUEST");
    expect(bad.message).toMatch(/values\.host: Host must be a host name/);
    expect(bad.message).toMatch(/values\.port: Port must be a port number/);
    expect(bad.message).toMatch(/values\.from: Sender must contain an email address/);
    await expectTrpcError(c.admin.connections.create({ name: "rt http_bearer", type: "http_bearer", values: { token: "x" } }), "CONFLICT");
    await expectTrpcError(c.admin.connections.create({ name: "x", type: "ftp" as "smtp", values: {} }), "BAD_REQUEST");
  });

  it("specialists get name and type only and cannot change anything; other workspaces see nothing", async () => {
    const [first] = await c.specialist.connections.list();
    expect(first.detail).toBeNull();
    await expectTrpcError(c.specialist.connections.create({ name: "s", type: "http_bearer", values: { token: "x" } }), "FORBIDDEN");
    await expectTrpcError(c.otherAdmin.connections.get({ id: first.id }), "NOT_FOUND");
    expect(await c.otherAdmin.connections.list()).toEqual([]);
  });
});

describe("encryption key", () => {
  it("a wrong key makes decryption fail with a clear error, never garbage", async () => {
    const made = await c.admin.connections.create({ name: "wrong key", type: "http_bearer", values: { token: S.token } });
    const row = await t.db.connection.findUniqueOrThrow({ where: { id: made.id } });
    const other = randomBytes(32);
    expect(() => openConnection(row, other)).toThrow(ConnectionUnreadableError);
    expect(() => openConnection(row, other)).toThrow(/Connection "wrong key" cannot be decrypted: ENCRYPTION_KEY is not the key/);
    // A step gets a fatal, explained error.
    await t.db.connection.update({ where: { id: made.id }, data: { secrets: row.secrets.replace(/"enc":"[^"]+"/, `"enc":"${sealSecret(S.token, other)}"`) } });
    const err = await createConnectionResolver(t.db).byId(ws.workspaceId, made.id, ["http_bearer"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepError);
    expect(err).toMatchObject({ code: "CONNECTION_UNREADABLE", retryable: false });
    // ...and so does a rotation, which then changes nothing.
    const before = await t.db.connection.findMany({ orderBy: { id: "asc" } });
    await expect(rotateEncryptionKey(t.db, currentEncryptionKey(), randomBytes(32))).rejects.toThrow(RotationError);
    expect(await t.db.connection.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    await t.db.connection.delete({ where: { id: made.id } });
  });

  it("rotation re-encrypts every sealed column (connections, webhook endpoints, subscriptions, outgoing webhooks) in one transaction", async () => {
    const from = currentEncryptionKey();
    const to = randomBytes(32);
    const automation = await c.admin.automations.create({ name: "hooked" });
    const hook = await c.admin.webhooks.rotateSecret({ automationId: automation.id, kind: "header" });
    // The subscription and outgoing webhook tables are written by their own services; here straight through Prisma.
    const subSecret = `whsec_${randomBytes(24).toString("base64")}`;
    const outSecret = `whsec_${randomBytes(24).toString("base64")}`;
    const sub = await t.db.webhookSubscription.create({ data: { workspaceId: ws.workspaceId, url: "https://hooks.example.com/in", events: "*", secretEnc: sealSecret(subSecret), secretSetAt: new Date() } });
    const out = await t.db.outgoingWebhook.create({ data: { workspaceId: ws.workspaceId, name: "CRM hook", url: "https://crm.example.com/in", secretEnc: sealSecret(outSecret), secretSetAt: new Date() } });
    // An outbox copy of a mail with an approval link keeps the original sealed after its redacted text.
    const link = `https://sy.example.com/approve/${randomBytes(12).toString("hex")}`;
    const bodies = storedBodies({ to: ["ann@example.com"], cc: [], bcc: [], subject: "Approve", text: `Open ${link}`, html: "", redact: [link] } satisfies MailMessage, "outbox");
    const mail = await t.db.outboxEmail.create({ data: { workspaceId: ws.workspaceId, from: "sy@example.com", to: "ann@example.com", subject: "Approve", text: bodies.text, html: bodies.html, status: "SENT", transport: "outbox" } });
    const rows = await t.db.connection.findMany({ where: { workspaceId: ws.workspaceId } });
    const plain = rows.map((r) => openConnection(r, from).values);
    const secretCount = rows.reduce((n, r) => n + Object.keys(JSON.parse(r.secrets) as object).length, 0);
    const result = await rotateEncryptionKey(t.db, from, to);
    expect(result.connections).toBe(rows.length);
    expect(result.tables).toEqual([
      { table: "Connection", column: "secrets", rows: rows.length, values: secretCount },
      { table: "WebhookEndpoint", column: "secretEnc", rows: 1, values: 1 },
      { table: "WebhookSubscription", column: "secretEnc", rows: 1, values: 1 },
      { table: "OutgoingWebhook", column: "secretEnc", rows: 1, values: 1 },
      { table: "OutboxEmail", column: "text", rows: 1, values: 1 },
    ]);
    expect(result.secrets).toBe(secretCount + 4);
    const rotated = await t.db.connection.findMany({ where: { workspaceId: ws.workspaceId } });
    expect(rotated.map((r) => openConnection(r, to).values)).toEqual(plain);
    for (const r of rotated) expect(() => openConnection(r, from)).toThrow(ConnectionUnreadableError);
    const endpoint = await t.db.webhookEndpoint.findUniqueOrThrow({ where: { automationId: automation.id } });
    expect(openSecret(endpoint.secretEnc!, to)).toBe(hook.secret);
    const subAfter = await t.db.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(openSecret(subAfter.secretEnc, to)).toBe(subSecret);
    expect(() => openSecret(subAfter.secretEnc, from)).toThrow(/cannot be decrypted/);
    const outAfter = await t.db.outgoingWebhook.findUniqueOrThrow({ where: { id: out.id } });
    expect(openSecret(outAfter.secretEnc, to)).toBe(outSecret);
    expect(() => openSecret(outAfter.secretEnc, from)).toThrow(/cannot be decrypted/);
    const mailAfter = await t.db.outboxEmail.findUniqueOrThrow({ where: { id: mail.id } });
    expect(mailAfter.text).not.toBe(mail.text);
    expect(mailAfter.text.startsWith(mail.text.slice(0, mail.text.indexOf("[[switchyard-sealed")))).toBe(true);
    expect(openStoredBodies(mailAfter, true).revealed).toBe(false); // this process holds the old key
    const sealedPart = /\[\[switchyard-sealed (v1\.[^\]]+)\]\]$/.exec(mailAfter.text)![1];
    expect(JSON.parse(openSecret(sealedPart, to))).toEqual({ text: `Open ${link}`, html: "" });

    // A subscription secret the key cannot open aborts everything, naming it.
    await t.db.outgoingWebhook.update({ where: { id: out.id }, data: { secretEnc: sealSecret(outSecret, randomBytes(32)) } });
    const frozen = JSON.stringify([await t.db.connection.findMany({ orderBy: { id: "asc" } }), await t.db.webhookSubscription.findMany(), await t.db.webhookEndpoint.findMany()]);
    await expect(rotateEncryptionKey(t.db, to, from)).rejects.toThrow(/The signing secret of the outgoing webhook "CRM hook" cannot be decrypted with the current key .*Nothing was re-encrypted/);
    expect(JSON.stringify([await t.db.connection.findMany({ orderBy: { id: "asc" } }), await t.db.webhookSubscription.findMany(), await t.db.webhookEndpoint.findMany()])).toBe(frozen);
    await t.db.outgoingWebhook.delete({ where: { id: out.id } });
    await t.db.webhookSubscription.delete({ where: { id: sub.id } });
    // back, so the other tests keep working with the process key
    await rotateEncryptionKey(t.db, to, from);
    expect(openStoredBodies(await t.db.outboxEmail.findUniqueOrThrow({ where: { id: mail.id } }), true)).toMatchObject({ text: `Open ${link}`, revealed: true });
    await t.db.outboxEmail.delete({ where: { id: mail.id } });
  });
});

describe("usage, switch and delete", () => {
  async function draftWith(name: string, bearerId: string, vaultName: string) {
    const a = await c.admin.automations.create({ name });
    const graph = chain([
      node("trigger", "manual", { sampleData: {} }, undefined, "Trigger"),
      node("one", "http_request", { method: "GET", url: "https://api.example.com/a", connectionId: bearerId }, undefined, "One"),
      node("two", "http_request", { method: "GET", url: `https://api.example.com/b?k={{connections.${vaultName}.key}}` }, undefined, "Two"),
    ]);
    const loaded = await c.admin.automations.get({ id: a.id });
    await c.admin.automations.saveDraft({ id: a.id, baseRevision: loaded.draftRevision, graph });
    return a.id;
  }

  it("counts and traces usage (draft steps and published versions), switches a draft atomically, deletes with confirmation", async () => {
    const a = await c.admin.connections.create({ name: "Bearer A", type: "http_bearer", values: { token: "a-token" } });
    const b = await c.admin.connections.create({ name: "Bearer B", type: "http_bearer", values: { token: "b-token" } });
    const slack = await c.admin.connections.create({ name: "Slack X", type: "slack_webhook", values: { webhookUrl: "https://hooks.slack.com/services/T/B/x" } });
    await c.admin.connections.create({ name: "vaultA", type: "secrets", values: { key: "k1" } });
    await c.admin.connections.create({ name: "vaultB", type: "secrets", values: { other: "k2" } });
    await c.admin.connections.create({ name: "vaultC", type: "secrets", values: { key: "k3" } });
    const id = await draftWith("Uses A", a.id, "vaultA");
    await c.admin.versions.publish({ automationId: id, note: "v1" });

    const usage = await c.specialist.connections.usage({ id: a.id });
    expect(usage).toMatchObject({ count: 1, automations: [{ automationId: id, versions: [1], draftNodes: [{ id: "one", name: "One" }] }] });
    expect((await c.admin.connections.get({ id: a.id })).detail?.usageCount).toBe(1);

    // Not every use can switch (Slack is not an HTTP auth type; vaultB lacks "key"): nothing changes.
    const before = await t.db.automation.findUniqueOrThrow({ where: { id } });
    const wrongType = await expectTrpcError(c.admin.connections.switchDraft({ automationId: id, fromConnectionId: a.id, toConnectionId: slack.id }), "UNPROCESSABLE_CONTENT");
    expect(wrongType.message).toMatch(/Nothing was switched/);
    const vaultA = (await c.admin.connections.list()).find((x) => x.name === "vaultA")!;
    const vaultB = (await c.admin.connections.list()).find((x) => x.name === "vaultB")!;
    const vaultC = (await c.admin.connections.list()).find((x) => x.name === "vaultC")!;
    await expectTrpcError(c.admin.connections.switchDraft({ automationId: id, fromConnectionId: vaultA.id, toConnectionId: vaultB.id }), "UNPROCESSABLE_CONTENT");
    await expectTrpcError(c.admin.connections.switchDraft({ automationId: id, fromConnectionId: a.id, toConnectionId: b.id, baseRevision: before.draftRevision - 1 }), "CONFLICT");
    expect(await t.db.automation.findUniqueOrThrow({ where: { id } })).toEqual(before);

    const switched = await c.admin.connections.switchDraft({ automationId: id, fromConnectionId: a.id, toConnectionId: b.id, baseRevision: before.draftRevision });
    expect(switched).toMatchObject({ draftRevision: before.draftRevision + 1, changed: [{ nodeId: "one", field: "connectionId" }] });
    await c.admin.connections.switchDraft({ automationId: id, fromConnectionId: vaultA.id, toConnectionId: vaultC.id });
    const draft = await c.admin.automations.get({ id });
    expect(draft.draftGraph.nodes.find((n) => n.id === "one")?.config.connectionId).toBe(b.id);
    expect(draft.draftGraph.nodes.find((n) => n.id === "two")?.config.url).toBe("https://api.example.com/b?k={{connections.vaultC.key}}");
    // the published version still uses A
    expect((await c.admin.connections.usage({ id: a.id })).automations[0]).toMatchObject({ versions: [1], draftNodes: [] });

    // Delete B while the draft uses it: CONFLICT with the list, then confirmed; the draft shows a clear problem.
    const inUse = await expectTrpcError(c.admin.connections.delete({ id: b.id }), "CONFLICT");
    expect(inUse.message).toMatch(/"Bearer B" is used by 1 automation \("Uses A"\)/);
    await c.admin.connections.delete({ id: b.id, confirm: true });
    const publish = await expectTrpcError(c.admin.versions.publish({ automationId: id, note: "v2" }), "UNPROCESSABLE_CONTENT");
    expect(JSON.stringify(publish.cause)).toMatch(/no longer exists \(it was deleted\); choose another connection/);
    // renaming a connection used by name in templates is refused
    await expectTrpcError(c.admin.connections.update({ id: vaultC.id, name: "vault renamed" }), "CONFLICT");
  });
});
