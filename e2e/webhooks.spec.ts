import { test, expect, type Page } from "@playwright/test";
import { ARTIFACTS, dropFromPalette, signIn, trpc, USERS } from "./helpers";

/**
 * Webhooks end to end: give an automation a Webhook trigger on the canvas,
 * copy its URL from the panel, publish, call the URL from the test and find
 * the run with the posted body; switch to a header secret (shown once, then
 * only "set on …"), and check that a specialist sees the URL but never a
 * secret nor the buttons that make one.
 */

test.use({ viewport: { width: 1680, height: 1000 } });

async function publish(page: Page) {
  await page.getByTestId("config-panel-close").click();
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
  await page.getByTestId("publish-button").click();
  await page.getByTestId("publish-confirm").click();
  await expect(page.getByTestId("publish-dialog")).toBeHidden();
}

test("admin creates a webhook automation, copies its URL, calls it and sees the run; secrets are shown once and never to specialists", async ({ page, browser, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, USERS.acmeAdmin);
  const name = `Webhook E2E ${Date.now()}`;
  await page.getByTestId("new-automation").click();
  await page.getByTestId("automation-name-input").fill(name);
  await page.getByTestId("create-automation-submit").click();
  await expect(page).toHaveURL(/\/automations\/[^/]+\/edit$/);
  const automationId = page.url().split("/").at(-2)!;

  // Replace the default manual trigger with a Webhook trigger.
  await page.locator('[data-node-type="manual"]').click();
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("canvas-empty")).toBeVisible();
  const trigger = await dropFromPalette(page, "webhook", 300, 330);
  await page.getByTestId(`node-${trigger}`).click();
  const panel = page.getByTestId("webhook-panel");
  await expect(panel).toBeVisible();

  // Before publishing the admin may create the URL; it is not live yet.
  await panel.getByTestId("webhook-create-url").click();
  const urlText = panel.getByTestId("webhook-url");
  await expect(urlText).toContainText("/api/hooks/");
  await expect(panel.getByTestId("webhook-active")).toContainText("Not live");
  await panel.getByTestId("webhook-copy-url").click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await urlText.textContent());
  const hookPath = new URL(copied).pathname;
  expect(hookPath).toMatch(/^\/api\/hooks\/[A-Za-z0-9_-]{43}$/);
  expect((await page.request.post(hookPath, { data: { order: "early" } })).status()).toBe(404);
  await page.screenshot({ path: `${ARTIFACTS}/webhook-panel.png` });

  // Publish + activate: the URL goes live and a call starts a run with the posted body.
  await publish(page);
  expect((await trpc(page.request, "mutation", "automations.setStatus", { id: automationId, status: "ACTIVE" })).status).toBe(200);
  const called = await page.request.post(`${hookPath}?source=e2e`, { data: { order: "e2e-order-4711", amount: 42 } });
  expect(called.status()).toBe(202);
  const { run_id: runId } = (await called.json()) as { run_id: string };
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-title")).toBeVisible();
  await page.getByRole("tab", { name: "Trigger data" }).click();
  await expect(page.getByText("e2e-order-4711")).toBeVisible();

  // Settings → Webhooks → Incoming lists it: the name links to the editor, the URL, its state and the last request.
  await page.goto("/settings?tab=webhooks");
  await page.getByTestId("webhooks-tab-incoming").click();
  await expect(page).toHaveURL(/hooks=incoming/);
  const incomingRow = page.getByTestId("incoming-row").filter({ hasText: name });
  await expect(incomingRow.getByTestId("incoming-url")).toContainText(hookPath);
  await expect(incomingRow.getByTestId("incoming-state")).toHaveText("Active");
  await expect(incomingRow.getByTestId("incoming-automation-link")).toHaveAttribute("href", `/automations/${automationId}/edit`);
  await expect(incomingRow).not.toContainText("Never");
  await page.screenshot({ path: `${ARTIFACTS}/webhooks-incoming.png` });

  // Header secret: generated on the server, shown once, then only its date.
  await page.goto(`/automations/${automationId}/edit`);
  await page.getByTestId(`node-${trigger}`).click();
  await page.getByTestId("field-authMode").click();
  await page.getByTestId("option-authMode-header").click();
  await panel.getByTestId("webhook-generate-secret").click();
  const secretValue = panel.getByTestId("webhook-secret-value");
  await expect(secretValue).toBeVisible();
  const secret = (await secretValue.textContent())!.trim();
  expect(secret.length).toBeGreaterThanOrEqual(40);
  await page.screenshot({ path: `${ARTIFACTS}/webhook-secret-once.png` });
  await publish(page);
  expect((await page.request.post(hookPath, { data: { order: "no-secret" } })).status()).toBe(401);
  expect((await page.request.post(hookPath, { data: { order: "with-secret" }, headers: { "x-webhook-secret": secret } })).status()).toBe(202);
  await page.reload();
  await page.getByTestId(`node-${trigger}`).click();
  await expect(panel.getByTestId("webhook-secret-set")).toContainText("Set on");
  await expect(panel.getByTestId("webhook-secret-value")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(secret);

  // A specialist sees the URL, never the secret or the buttons that make or rotate one.
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const spec = await ctx.newPage();
  await signIn(spec, USERS.acmeSpecialist);
  await spec.goto(`/automations/${automationId}/edit`);
  await spec.getByTestId(`node-${trigger}`).click();
  const specPanel = spec.getByTestId("webhook-panel");
  await expect(specPanel.getByTestId("webhook-url")).toContainText(hookPath);
  await expect(specPanel.getByTestId("webhook-secret-set")).toBeVisible();
  await expect(specPanel.getByTestId("webhook-generate-secret")).toHaveCount(0);
  await expect(specPanel.getByTestId("webhook-rotate-url")).toHaveCount(0);
  await expect(spec.locator("body")).not.toContainText(secret);
  const info = await trpc(spec.request, "query", "webhooks.get", { automationId });
  expect(info.status).toBe(200);
  expect(JSON.stringify(info.body)).not.toContain(secret);
  expect((await trpc(spec.request, "mutation", "webhooks.rotateSecret", { automationId, kind: "header" })).status).toBe(403);
  expect((await trpc(spec.request, "mutation", "webhooks.rotateUrl", { automationId })).status).toBe(403);
  await spec.screenshot({ path: `${ARTIFACTS}/webhook-panel-specialist.png` });
  // …and the Incoming list, read-only: the row with its URL, "Secret set", never the secret.
  await spec.goto("/settings?tab=webhooks&hooks=incoming");
  const specRow = spec.getByTestId("incoming-row").filter({ hasText: name });
  await expect(specRow.getByTestId("incoming-url")).toContainText(hookPath);
  await expect(specRow).toContainText("Secret set");
  await expect(spec.locator("body")).not.toContainText(secret);
  await ctx.close();

  // Rotating the URL (with confirmation) retires the old one.
  await page.getByTestId("webhook-rotate-url").click();
  await page.getByTestId("webhook-rotate-confirm").click();
  await expect(urlText).not.toContainText(hookPath);
  expect((await page.request.post(hookPath, { data: {}, headers: { "x-webhook-secret": secret } })).status()).toBe(404);
});
