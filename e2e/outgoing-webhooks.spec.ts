import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync } from "node:fs";
import { Webhook } from "standardwebhooks";
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { ARTIFACTS, signIn, trpc, USERS } from "./helpers";

/**
 * Settings → Webhooks → Outgoing endpoints end to end (issue 14 item 3): an admin
 * creates an endpoint pointing at a receiver started here on 127.0.0.1 (allow-listed
 * by scripts/e2e-server.mjs through HTTP_ALLOWLIST) with one header read from a
 * connection and one literal, copies the signing secret shown once, sends a test
 * event (toast with the status; the receiver verifies the Standard Webhooks
 * signature with the copied secret) and finds it in the delivery log. An
 * automation's outgoing_webhook step then posts a templated body; the receiver
 * answers its first request 503, the step retries with the same webhook-id and
 * both attempts appear in the log as automation attempts. Rotate and delete close
 * the round. A specialist sees the tab and the log read-only: no create, send,
 * edit, rotate or delete controls and no secret. Screenshots light and dark in
 * e2e/artifacts.
 */

type Envelope<T> = { result: { data: { json: T } } };
const data = <T>(body: unknown) => (body as Envelope<T>).result.data.json;

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

let server: http.Server;
let port = 0;
const received: Received[] = [];
/** webhook-ids already answered: a body with data.fail_first gets 503 the first time its id is seen. */
const seen = new Set<string>();

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      const body = Buffer.concat(chunks).toString("utf8");
      let failFirst = false;
      try {
        failFirst = (JSON.parse(body) as { data?: { fail_first?: unknown } }).data?.fail_first === true;
      } catch {
        // not JSON: answered 200 and recorded as is
      }
      const id = headers["webhook-id"] ?? "";
      const status = failFirst && !seen.has(id) ? 503 : 200;
      seen.add(id);
      received.push({ path: req.url ?? "", headers, body, status });
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(status === 200 ? { received: true } : { error: "try again" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const requestsTo = (path: string, type: string) => received.filter((r) => r.path === path && (JSON.parse(r.body) as { type?: string }).type === type);

async function pickOption(page: Page, trigger: ReturnType<Page["getByTestId"]>, name: string) {
  await trigger.click();
  await page.getByRole("option", { name, exact: true }).click();
}

async function runStatus(request: APIRequestContext, runId: string): Promise<string> {
  return data<{ status: string }>((await trpc(request, "query", "runs.get", { runId })).body).status;
}

/** A published, active automation: manual trigger → outgoing_webhook step (3 attempts) posting to `webhookId`; one run of it. */
async function runOutgoingStep(request: APIRequestContext, webhookId: string): Promise<string> {
  const created = await trpc(request, "mutation", "automations.create", { name: `Outgoing webhook e2e ${Date.now()}` });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const a = data<{ id: string; draftRevision: number }>(created.body);
  const graph = {
    nodes: [
      { id: "trigger", type: "manual", name: "Order paid", config: { sampleData: { order: "W-1" } }, position: { x: 0, y: 0 } },
      {
        id: "notify",
        type: "outgoing_webhook",
        name: "Tell billing",
        config: { webhookId, eventType: "order.paid", body: '{"order":"{{trigger.order}}","fail_first":true}' },
        position: { x: 0, y: 160 },
        settings: { retry: { maxAttempts: 3, backoffMs: 200, maxBackoffMs: 1000 }, timeoutMs: 0, continueOnError: false },
      },
    ],
    edges: [{ id: "e1", source: "trigger", sourceHandle: "next", target: "notify" }],
  };
  const saved = await trpc(request, "mutation", "automations.saveDraft", { id: a.id, baseRevision: a.draftRevision, graph });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const published = await trpc(request, "mutation", "versions.publish", { automationId: a.id, note: "outgoing webhooks e2e" });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  expect((await trpc(request, "mutation", "automations.setStatus", { id: a.id, status: "ACTIVE" })).status).toBe(200);
  const run = await trpc(request, "mutation", "runs.trigger", { automationId: a.id, testData: { order: "W-2" } });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  return data<{ runId: string }>(run.body).runId;
}

async function setTheme(page: Page, theme: "light" | "dark") {
  await page.evaluate((t) => localStorage.setItem("theme", t), theme);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${theme}\\b`));
}

test("admin creates an endpoint, copies the secret once, sends a verified test event, and an automation step's retried delivery lands in the log", async ({ page, context }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, USERS.acmeAdmin);

  // A connection whose token the endpoint sends as a header (resolved at send time, never shown).
  const token = `tok_e2e_${Date.now().toString(36)}_4f9a`;
  const connName = `Billing token ${Date.now().toString(36)}`;
  const conn = await trpc(page.request, "mutation", "connections.create", { name: connName, type: "http_bearer", values: { token } });
  expect(conn.status, JSON.stringify(conn.body)).toBe(200);

  await page.goto("/settings?tab=webhooks");
  await page.getByTestId("webhooks-tab-outgoing").click();
  await expect(page).toHaveURL(/tab=webhooks&hooks=outgoing|hooks=outgoing&tab=webhooks/);
  await expect(page.getByTestId("webhooks-tab-outgoing")).toHaveAttribute("data-state", "active");

  const name = `Billing system ${Date.now().toString(36)}`;
  const hookPath = `/hooks/outgoing-${Date.now().toString(36)}`;
  const url = `http://127.0.0.1:${port}${hookPath}`;
  await page.getByTestId("new-outgoing").click();
  const dialog = page.getByTestId("outgoing-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("outgoing-name")).toBeFocused();
  await page.keyboard.type(name);

  // The browser checks the URL's form; the server's SSRF guard refuses a private address (shown on the field).
  await dialog.getByTestId("outgoing-url").fill("ftp://example.com/hook");
  await dialog.getByTestId("save-outgoing").click();
  await expect(dialog.locator("#outgoing-url-error")).toContainText("http:// or https://");
  await dialog.getByTestId("outgoing-url").fill("http://10.1.2.3/hook");
  await dialog.getByTestId("save-outgoing").click();
  await expect(dialog.locator("#outgoing-url-error")).toContainText("10.1.2.3");
  await expect(dialog.getByTestId("outgoing-url")).toHaveAttribute("aria-invalid", "true");
  await dialog.getByTestId("outgoing-url").fill(url);

  // Headers: X-Api-Key from the connection's token, X-Team as a literal.
  await dialog.getByTestId("add-header").click();
  const first = dialog.getByTestId("outgoing-header-row").nth(0);
  await first.getByTestId("header-name").fill("X-Api-Key");
  await pickOption(page, first.getByTestId("header-source"), "Connection");
  await pickOption(page, first.getByTestId("header-connection"), connName);
  await expect(first.getByTestId("header-field")).toContainText("token");
  await dialog.getByTestId("add-header").click();
  const second = dialog.getByTestId("outgoing-header-row").nth(1);
  await second.getByTestId("header-name").fill("X-Team");
  await second.getByTestId("header-value").fill("ops");
  await dialog.getByTestId("outgoing-description").fill("Closes the invoice when an order is paid");
  await page.screenshot({ path: `${ARTIFACTS}/outgoing-webhooks-dialog-light.png` });
  await dialog.getByTestId("save-outgoing").click();

  // The signing secret, this once; copied to the clipboard.
  const shown = dialog.getByTestId("signing-secret");
  await expect(shown).toHaveText(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
  await expect(dialog.getByTestId("signing-secret-note")).toContainText("won’t see this secret again");
  const secret = (await shown.textContent())!.trim();
  await dialog.getByTestId("copy-signing-secret").click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(secret);
  await dialog.getByTestId("signing-secret-done").click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId("outgoing-row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText(url);
  await expect(row.getByTestId("outgoing-last")).toHaveText("Never");
  const webhookId = (await row.getAttribute("data-outgoing-id"))!;
  expect(await page.content()).not.toContain(secret.slice(6));

  // Send test event → toast with the answer; the receiver verifies the signature with the copied secret.
  await row.getByTestId("send-test-event").click();
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: /Test event delivered: HTTP 200 in \d+ ms/ })).toBeVisible();
  await expect.poll(() => requestsTo(hookPath, "webhook.test").length).toBe(1);
  const test1 = requestsTo(hookPath, "webhook.test")[0]!;
  const testPayload = new Webhook(copied).verify(test1.body, test1.headers) as { id: string; type: string; workspace_id: string; data: { webhook_id: string } };
  expect(testPayload).toMatchObject({ type: "webhook.test", data: { webhook_id: webhookId } });
  expect(testPayload.id).toBe(test1.headers["webhook-id"]);
  expect(Object.keys(testPayload).sort()).toEqual(["data", "id", "timestamp", "type", "workspace_id"]);
  expect(test1.headers["x-api-key"]).toBe(token);
  expect(test1.headers["x-team"]).toBe("ops");
  expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(test1.body, test1.headers)).toThrow();
  await expect(row.getByTestId("outgoing-last")).toContainText("HTTP 200");
  await page.screenshot({ path: `${ARTIFACTS}/outgoing-webhooks-light.png` });

  // The delivery log: the test attempt with its webhook-id; no secret, no connection value.
  await row.getByTestId("outgoing-link").click();
  const log = page.getByTestId("outgoing-log");
  await expect(log).toBeVisible();
  const attempts = log.getByTestId("outgoing-attempt");
  await expect(attempts).toHaveCount(1);
  await expect(attempts.first()).toHaveAttribute("data-status", "success");
  await expect(attempts.first()).toHaveAttribute("data-source", "test");
  await expect(attempts.first()).toHaveAttribute("data-message-id", testPayload.id);
  await expect(attempts.first()).toContainText("HTTP 200");
  await expect(attempts.first()).toContainText("webhook.test");
  await attempts.first().getByRole("button", { name: "Show request and response" }).click();
  await expect(attempts.first()).toContainText(testPayload.id);
  await expect(attempts.first()).toContainText('{"received":true}');
  await page.screenshot({ path: `${ARTIFACTS}/outgoing-webhooks-log-light.png` });
  const html = await page.content();
  expect(html).not.toContain(token);
  expect(html).not.toContain(secret.slice(6));
  await page.keyboard.press("Escape");
  await expect(log).toBeHidden();

  // An automation's outgoing_webhook step: 503 first, retried with the same webhook-id, then 200.
  const runId = await runOutgoingStep(page.request, webhookId);
  await expect.poll(() => runStatus(page.request, runId), { timeout: 30_000 }).toBe("COMPLETED");
  const step = requestsTo(hookPath, "order.paid");
  expect(step.map((r) => r.status)).toEqual([503, 200]);
  expect(step[0]!.headers["webhook-id"]).toBe(step[1]!.headers["webhook-id"]);
  for (const r of step) {
    expect(new Webhook(copied).verify(r.body, r.headers)).toMatchObject({ id: r.headers["webhook-id"], type: "order.paid", data: { order: "W-2", fail_first: true } });
    expect(r.headers["x-api-key"]).toBe(token);
  }
  const stepMessageId = step[0]!.headers["webhook-id"]!;

  await page.reload();
  await expect(row.getByTestId("outgoing-last")).toContainText("HTTP 200");
  await row.getByTestId("outgoing-link").click();
  await expect(log).toBeVisible();
  await expect(attempts).toHaveCount(3);
  await pickOption(page, log.getByTestId("outgoing-source-filter"), "Automation steps");
  await expect(attempts).toHaveCount(2);
  for (const i of [0, 1]) {
    await expect(attempts.nth(i)).toHaveAttribute("data-source", "automation");
    await expect(attempts.nth(i)).toHaveAttribute("data-message-id", stepMessageId);
  }
  // newest first: the retry that succeeded, then the 503
  await expect(attempts.nth(0)).toHaveAttribute("data-status", "success");
  await expect(attempts.nth(0)).toContainText("Step · attempt 2");
  await expect(attempts.nth(1)).toHaveAttribute("data-status", "failed");
  await expect(attempts.nth(1)).toContainText("Step · attempt 1");
  await expect(attempts.nth(1)).toContainText("HTTP 503");
  await attempts.nth(1).getByRole("button", { name: "Show request and response" }).click();
  await expect(attempts.nth(1).getByRole("link", { name: "run" })).toHaveAttribute("href", `/runs/${runId}`);
  await pickOption(page, log.getByTestId("outgoing-status-filter"), "Failed");
  await expect(attempts).toHaveCount(1);
  await expect(attempts.first()).toContainText("HTTP 503");
  await pickOption(page, log.getByTestId("outgoing-status-filter"), "All statuses");
  await expect(attempts).toHaveCount(2);
  await page.screenshot({ path: `${ARTIFACTS}/outgoing-webhooks-log-automation-light.png` });
  await page.keyboard.press("Escape");
  await expect(log).toBeHidden();

  // Dark: the tab and the log.
  await setTheme(page, "dark");
  await expect(row).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/outgoing-webhooks-dark.png` });
  await row.getByTestId("outgoing-link").click();
  await expect(attempts).toHaveCount(3);
  await attempts.nth(0).getByRole("button", { name: "Show request and response" }).click();
  await page.screenshot({ path: `${ARTIFACTS}/outgoing-webhooks-log-dark.png` });
  await page.keyboard.press("Escape");
  await page.getByTestId("new-outgoing").click();
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("add-header").click();
  await page.screenshot({ path: `${ARTIFACTS}/outgoing-webhooks-dialog-dark.png` });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await setTheme(page, "light");

  // Rotate: the new secret is shown once; test events verify with it and no longer with the old one.
  await row.getByTestId("outgoing-actions").click();
  await page.getByTestId("rotate-outgoing-secret").click();
  const rotate = page.getByTestId("rotate-outgoing-dialog");
  await rotate.getByTestId("confirm-rotate-outgoing").click();
  await expect(rotate.getByTestId("signing-secret")).toHaveText(/^whsec_/);
  const rotated = (await rotate.getByTestId("signing-secret").textContent())!.trim();
  expect(rotated).not.toBe(secret);
  await rotate.getByTestId("signing-secret-done").click();
  await expect(rotate).toBeHidden();
  await row.getByTestId("send-test-event").click();
  await expect.poll(() => requestsTo(hookPath, "webhook.test").length).toBe(2);
  const test2 = requestsTo(hookPath, "webhook.test")[1]!;
  expect(new Webhook(rotated).verify(test2.body, test2.headers)).toMatchObject({ type: "webhook.test" });
  expect(() => new Webhook(secret).verify(test2.body, test2.headers)).toThrow();

  // Delete with confirmation: the row goes.
  await row.getByTestId("outgoing-actions").click();
  await page.getByTestId("delete-outgoing").click();
  await page.getByTestId("confirm-delete-outgoing").click();
  await expect(row).toHaveCount(0);
  expect(await page.content()).not.toContain(rotated.slice(6));
});

test("a specialist sees outgoing endpoints and their log read-only, with no secret and no controls", async ({ page, browser }) => {
  const hookPath = `/hooks/outgoing-specialist-${Date.now().toString(36)}`;
  const url = `http://127.0.0.1:${port}${hookPath}`;
  const name = `Read-only endpoint ${Date.now().toString(36)}`;
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin, USERS.acmeAdmin);
  const created = await trpc(admin.request, "mutation", "outgoingWebhooks.create", { name, url, headers: [{ name: "X-Team", value: "ops" }], description: "Read-only check" });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const { webhook, secret } = data<{ webhook: { id: string }; secret: string }>(created.body);
  const sent = await trpc(admin.request, "mutation", "outgoingWebhooks.sendTest", { id: webhook.id });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  expect(data<{ ok: boolean }>(sent.body).ok).toBe(true);
  await adminCtx.close();

  await signIn(page, USERS.acmeSpecialist);
  await page.goto("/settings?tab=webhooks&hooks=outgoing");
  await expect(page.getByTestId("webhooks-tab-outgoing")).toHaveAttribute("data-state", "active");
  const row = page.getByTestId("outgoing-row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText(url);
  await expect(row.getByTestId("outgoing-last")).toContainText("HTTP 200");
  await expect(page.getByTestId("new-outgoing")).toHaveCount(0);
  await expect(page.getByTestId("send-test-event")).toHaveCount(0);

  // The row menu offers the log only.
  await row.getByTestId("outgoing-actions").click();
  await expect(page.getByRole("menuitem")).toHaveCount(1);
  await expect(page.getByTestId("outgoing-log-item")).toBeVisible();
  await expect(page.getByTestId("edit-outgoing")).toHaveCount(0);
  await expect(page.getByTestId("rotate-outgoing-secret")).toHaveCount(0);
  await expect(page.getByTestId("delete-outgoing")).toHaveCount(0);
  await page.getByTestId("outgoing-log-item").click();
  const log = page.getByTestId("outgoing-log");
  await expect(log).toBeVisible();
  await expect(log.getByTestId("outgoing-attempt")).toHaveCount(1);
  await expect(log.getByTestId("outgoing-attempt").first()).toHaveAttribute("data-source", "test");
  const html = await page.content();
  expect(html).not.toContain(secret.slice(6));
  expect(html).not.toMatch(/whsec_[A-Za-z0-9+/]{8}/);
  await page.keyboard.press("Escape");

  // The API agrees: members read, only admins write or send.
  for (const [path, input] of [
    ["outgoingWebhooks.sendTest", { id: webhook.id }],
    ["outgoingWebhooks.rotateSecret", { id: webhook.id }],
    ["outgoingWebhooks.delete", { id: webhook.id }],
    ["outgoingWebhooks.create", { name: `${name} 2`, url }],
  ] as const) {
    expect((await trpc(page.request, "mutation", path, input)).status, path).toBe(403);
  }
  const listed = await trpc(page.request, "query", "outgoingWebhooks.list", {});
  expect(listed.status).toBe(200);
  expect(JSON.stringify(listed.body)).not.toContain("whsec_");
  expect(requestsTo(hookPath, "webhook.test")).toHaveLength(1);
});
