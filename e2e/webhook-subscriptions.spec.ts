import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync } from "node:fs";
import { Webhook } from "standardwebhooks";
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { ARTIFACTS, signIn, trpc, USERS } from "./helpers";

/**
 * Settings → Webhooks end to end (issue 14 item 6): an admin subscribes a local
 * receiver to run.completed in the UI (a private address is refused on the URL
 * field; 127.0.0.1 is allow-listed by scripts/e2e-server.mjs), copies the
 * signing secret from the one-time dialog, runs an automation, and the receiver
 * gets a delivery whose Standard Webhooks signature verifies with the copied
 * secret; the delivery log shows it delivered with 200; Redeliver sends the
 * same webhook-id again. A specialist sees the tab and the log without
 * controls and without any secret.
 */

type Envelope<T> = { result: { data: { json: T } } };
const data = <T>(body: unknown) => (body as Envelope<T>).result.data.json;

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

let server: http.Server;
let port = 0;
const received: Received[] = [];

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      received.push({ path: req.url ?? "", headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ received: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A published, active automation (manual trigger → set variables) and one run of it, through tRPC. */
async function runAutomation(request: APIRequestContext, name: string): Promise<string> {
  const created = await trpc(request, "mutation", "automations.create", { name });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const a = data<{ id: string; draftRevision: number }>(created.body);
  const graph = {
    nodes: [
      { id: "trigger", type: "manual", name: "Trigger", config: { sampleData: { order: "W-1" } }, position: { x: 0, y: 0 } },
      { id: "note", type: "set_variables", name: "Note", config: { variables: [{ key: "order", value: "{{trigger.order}}" }] }, position: { x: 0, y: 160 } },
    ],
    edges: [{ id: "e1", source: "trigger", sourceHandle: "next", target: "note" }],
  };
  const saved = await trpc(request, "mutation", "automations.saveDraft", { id: a.id, baseRevision: a.draftRevision, graph });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((await trpc(request, "mutation", "versions.publish", { automationId: a.id, note: "webhooks e2e" })).status).toBe(200);
  expect((await trpc(request, "mutation", "automations.setStatus", { id: a.id, status: "ACTIVE" })).status).toBe(200);
  const run = await trpc(request, "mutation", "runs.trigger", { automationId: a.id, testData: { order: "W-2" } });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  return data<{ runId: string }>(run.body).runId;
}

/** Deliveries to `path` of run.completed for `runId`. */
function deliveriesOf(path: string, runId: string): Received[] {
  return received.filter((r) => {
    if (r.path !== path) return false;
    const body = JSON.parse(r.body) as { type?: string; data?: { run_id?: string } };
    return body.type === "run.completed" && body.data?.run_id === runId;
  });
}

async function pickOption(page: Page, trigger: string, name: string) {
  await page.getByTestId(trigger).click();
  await page.getByRole("option", { name }).click();
}

test("admin subscribes a receiver, copies the secret once, verifies a signed delivery, sees it in the log and redelivers it", async ({ page, context }) => {
  test.setTimeout(90_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, USERS.acmeAdmin);
  await page.goto("/settings");
  await page.getByTestId("settings-tab-webhooks").click();
  await expect(page).toHaveURL(/tab=webhooks/);

  const hookPath = `/hooks/e2e-${Date.now().toString(36)}`;
  const url = `http://127.0.0.1:${port}${hookPath}`;
  await page.getByTestId("new-subscription").click();
  const dialog = page.getByTestId("subscription-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("subscription-url")).toBeFocused();

  // Checked in the browser first, then by the server's SSRF guard (shown on the URL field).
  await page.keyboard.type("ftp://example.com/hook");
  await dialog.getByTestId("save-subscription").click();
  await expect(dialog.getByRole("alert")).toContainText("Only https:// and http://");
  await dialog.getByTestId("subscription-url").fill("http://10.1.2.3/hook");
  await dialog.getByTestId("save-subscription").click();
  await expect(dialog.locator("#subscription-url-error")).toContainText("10.1.2.3");
  await expect(dialog.getByTestId("subscription-url")).toHaveAttribute("aria-invalid", "true");

  await dialog.getByTestId("subscription-url").fill(url);
  await dialog.getByTestId("subscription-all-events").click();
  await dialog.getByTestId("event-run.completed").click();
  await dialog.getByTestId("subscription-description").fill("Order system: closes the ticket when a run completes");
  await dialog.getByTestId("save-subscription").click();

  const shown = dialog.getByTestId("signing-secret");
  await expect(shown).toHaveText(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
  await expect(dialog.getByTestId("signing-secret-note")).toContainText("won’t see this secret again");
  const secret = (await shown.textContent())!.trim();
  await dialog.getByTestId("copy-signing-secret").click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(secret);
  await dialog.getByTestId("signing-secret-done").click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId("subscription-row").filter({ hasText: url });
  await expect(row).toBeVisible();
  await expect(row).toContainText("run.completed");
  await expect(row.getByTestId("subscription-active-toggle")).toHaveAttribute("data-state", "checked");
  expect(await page.content()).not.toContain(secret.slice(6));
  const subscriptionId = (await row.getAttribute("data-subscription-id"))!;

  // A run of a fresh automation → one signed run.completed delivery to the receiver.
  const runId = await runAutomation(page.request, `Webhook e2e ${Date.now()}`);
  await expect.poll(() => deliveriesOf(hookPath, runId).length, { timeout: 30_000 }).toBe(1);
  const first = deliveriesOf(hookPath, runId)[0]!;
  const payload = new Webhook(copied).verify(first.body, first.headers) as { id: string; type: string; data: { run_id: string; status: string } };
  expect(payload).toMatchObject({ type: "run.completed", data: { run_id: runId, status: "COMPLETED" } });
  const webhookId = first.headers["webhook-id"]!;
  expect(webhookId).toBe(payload.id);
  expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString("base64")}`).verify(first.body, first.headers)).toThrow();

  await page.screenshot({ path: `${ARTIFACTS}/webhooks-settings-light.png` });

  // The delivery log (opened from the URL, which the address bar then carries).
  await row.getByTestId("subscription-link").click();
  await expect(page).toHaveURL(new RegExp(`subscription=${subscriptionId}`));
  const log = page.getByTestId("delivery-log");
  await expect(log).toBeVisible();
  const attempts = log.locator(`[data-testid="delivery-attempt"][data-event-id="${webhookId}"]`);
  await expect(attempts).toHaveCount(1, { timeout: 15_000 });
  await expect(attempts.first()).toHaveAttribute("data-outcome", "delivered");
  await expect(attempts.first().getByTestId("delivery-status-code")).toHaveText("200");
  await expect(attempts.first()).toContainText("Attempt 1");
  await attempts.first().getByTestId("delivery-details-toggle").click();
  await expect(attempts.first().getByTestId("delivery-event-id")).toHaveText(webhookId);
  await expect(attempts.first().getByTestId("delivery-details")).toContainText('{"received":true}');

  // Status filter (client-side): nothing failed.
  await pickOption(page, "delivery-status-filter", "Failed");
  await expect(log.getByTestId("delivery-attempt")).toHaveCount(0);
  await expect(log).toContainText("No attempts match these filters");
  await pickOption(page, "delivery-status-filter", "Delivered");
  await expect(attempts).toHaveCount(1);
  await page.screenshot({ path: `${ARTIFACTS}/webhooks-delivery-log-light.png` });

  // Redeliver: the same webhook-id again, logged as attempt 2.
  await attempts.first().getByTestId("redeliver").click();
  await expect.poll(() => deliveriesOf(hookPath, runId).length, { timeout: 30_000 }).toBe(2);
  const again = deliveriesOf(hookPath, runId)[1]!;
  expect(again.headers["webhook-id"]).toBe(webhookId);
  expect(new Webhook(copied).verify(again.body, again.headers)).toMatchObject({ id: webhookId, type: "run.completed" });
  await expect(attempts).toHaveCount(2, { timeout: 15_000 });
  await expect(attempts.first()).toContainText("Attempt 2");
  await expect(attempts.first().getByTestId("delivery-status-code")).toHaveText("200");
  // Redeliver is offered on the event's newest attempt only.
  await expect(log.getByTestId("redeliver")).toHaveCount(1);

  // Closing the log drops it from the URL; the secret is nowhere on the page after a reload.
  await page.keyboard.press("Escape");
  await expect(log).toBeHidden();
  await expect(page).not.toHaveURL(/subscription=/);
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(secret.slice(6));
});

test("a specialist sees subscriptions and their log read-only, with no secret and no controls", async ({ page, browser }) => {
  const hookPath = `/hooks/e2e-specialist-${Date.now().toString(36)}`;
  const url = `http://127.0.0.1:${port}${hookPath}`;
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin, USERS.acmeAdmin);
  const created = await trpc(admin.request, "mutation", "webhookSubscriptions.create", { url, events: ["*"], description: "Read-only check" });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const { subscription, secret } = data<{ subscription: { id: string }; secret: string }>(created.body);
  await adminCtx.close();

  await signIn(page, USERS.acmeSpecialist);
  await page.goto("/settings?tab=webhooks");
  await expect(page.getByTestId("settings-tab-webhooks")).toHaveAttribute("data-state", "active");
  const row = page.getByTestId("subscription-row").filter({ hasText: url });
  await expect(row).toBeVisible();
  await expect(row).toContainText("All events");
  await expect(row.getByTestId("subscription-state")).toHaveText("Active");
  await expect(page.getByTestId("new-subscription")).toHaveCount(0);
  await expect(page.getByTestId("subscription-actions")).toHaveCount(0);
  await expect(page.getByTestId("subscription-active-toggle")).toHaveCount(0);

  // The link of the "subscription disabled" notification opens the subscription's delivery log.
  await page.goto(`/settings?tab=webhooks&subscription=${subscription.id}`);
  const log = page.getByTestId("delivery-log");
  await expect(log).toBeVisible();
  await expect(log).toContainText(url);
  await expect(log.getByTestId("subscription-state")).toHaveText("Active");
  await expect(log.getByTestId("redeliver")).toHaveCount(0);
  const html = await page.content();
  expect(html).not.toContain(secret.slice(6));
  expect(html).not.toMatch(/whsec_[A-Za-z0-9+/]{8}/);

  // The API agrees: members read, only admins write.
  const refused = await trpc(page.request, "mutation", "webhookSubscriptions.rotateSecret", { id: subscription.id });
  expect(refused.status).toBe(403);
  const listed = await trpc(page.request, "query", "webhookSubscriptions.list", {});
  expect(listed.status).toBe(200);
  expect(JSON.stringify(listed.body)).not.toContain("whsec_");
});
