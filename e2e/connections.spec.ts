import { test, expect, type Page, type Locator } from "@playwright/test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ARTIFACTS, dropFromPalette, signIn, trpc, USERS } from "./helpers";

/**
 * Connections end to end: an admin stores an HTTP bearer token in Settings →
 * Connections (shown back only as "•••• set on …"), picks it in an HTTP step
 * on the canvas, test-runs against a local server that checks the
 * Authorization header, and finds the step's request with the token masked,
 * on the canvas and on the run page. A specialist sees the connection's name
 * and type only, in the UI and through the API.
 */

test.use({ viewport: { width: 1680, height: 1000 } });

const TOKEN = `tok_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2)}`;
let server: http.Server;
let port = 0;
const seen: Array<{ authorization: string | undefined; ok: boolean }> = [];

test.beforeAll(async () => {
  // 127.0.0.1 is allow-listed by scripts/e2e-server.mjs; the endpoint refuses a request without the token.
  server = http.createServer((req, res) => {
    const ok = req.headers.authorization === `Bearer ${TOKEN}`;
    seen.push({ authorization: req.headers.authorization, ok });
    res.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok, echo: req.headers.authorization ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function handle(page: Page, nodeId: string, kind: "source" | "target", handleId: string): Locator {
  return page.locator(`.react-flow__node[data-id="${nodeId}"] .react-flow__handle.${kind}[data-handleid="${handleId}"]`);
}

async function connect(page: Page, from: string, to: string) {
  const a = (await handle(page, from, "source", "next").boundingBox())!;
  const b = (await handle(page, to, "target", "in").boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

test("admin stores a bearer token, uses it in an HTTP step and sees it masked in the run; a specialist sees name and type only", async ({ page, browser }) => {
  const name = `Orders API ${Date.now()}`;
  await signIn(page, USERS.acmeAdmin);

  // Settings → Connections: create an HTTP bearer connection with the keyboard.
  await page.goto("/settings?tab=connections");
  await page.getByTestId("new-connection").click();
  const dialog = page.getByTestId("connection-dialog");
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId("connection-type")).toContainText("HTTP bearer token");
  await page.getByTestId("connection-name").fill(name);
  await dialog.locator("#connection-field-token").fill(TOKEN);
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  const row = page.getByTestId("connection-row").filter({ hasText: name });
  await expect(row).toContainText("HTTP bearer token");
  await expect(row.getByTestId("secret-status-token")).toContainText(/••••\s?set on .+ by /);
  await expect(page.locator("body")).not.toContainText(TOKEN);
  await page.screenshot({ path: `${ARTIFACTS}/connections-settings-light.png` });

  // Editing shows the secret as set, with Replace; it is never filled back in.
  await row.getByRole("button", { name, exact: true }).click();
  await expect(dialog.getByTestId("secret-status-token")).toBeVisible();
  await expect(dialog.getByTestId("replace-token")).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/connections-edit-light.png` });
  await page.keyboard.press("Escape");

  await page.evaluate(() => localStorage.setItem("theme", "dark"));
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.getByTestId("connection-row").filter({ hasText: name }).getByRole("button", { name, exact: true }).click();
  await page.screenshot({ path: `${ARTIFACTS}/connections-edit-dark.png` });
  await page.keyboard.press("Escape");
  await page.evaluate(() => localStorage.setItem("theme", "light"));

  // An automation whose HTTP step authenticates with the connection.
  await page.goto("/automations");
  await page.getByTestId("new-automation").click();
  await page.getByTestId("automation-name-input").fill(`Connections E2E ${Date.now()}`);
  await page.getByTestId("create-automation-submit").click();
  await expect(page).toHaveURL(/\/automations\/[^/]+\/edit$/);
  const automationId = page.url().split("/").at(-2)!;
  const triggerId = (await page.locator('[data-node-type="manual"]').getAttribute("data-testid"))!.slice("node-".length);
  const httpId = await dropFromPalette(page, "http_request", 760, 330, { deselect: true });
  await page.getByTestId("fit-view-button").click();
  await page.waitForTimeout(400);
  await connect(page, triggerId, httpId);
  await expect(page.locator(".react-flow__edge")).toHaveCount(1);
  await page.getByTestId(`node-${httpId}`).click();
  await page.getByTestId("field-url").fill(`http://127.0.0.1:${port}/orders`);
  await page.getByTestId("field-connectionId").click();
  await expect(page.getByTestId("new-connection-inline")).toBeVisible();
  await page.getByRole("option", { name: new RegExp(name) }).click();
  await expect(page.getByTestId("field-connectionId")).toContainText(name);
  await expect(page.getByTestId(`node-problems-${httpId}`)).toHaveCount(0);
  await page.screenshot({ path: `${ARTIFACTS}/connections-canvas-picker.png` });
  await page.getByTestId("config-panel-close").click();
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });

  // The graph holds the connection id only.
  const draft = await trpc(page.request, "query", "automations.get", { id: automationId });
  expect(JSON.stringify(draft.body)).not.toContain(TOKEN);

  // Test run: the server saw the real header; the recorded request shows it masked.
  await page.getByTestId("test-run-button").click();
  await page.getByTestId("test-run-start").click();
  await expect(page.getByTestId("run-banner")).toHaveAttribute("data-status", "COMPLETED", { timeout: 30_000 });
  expect(seen.at(-1)).toEqual({ authorization: `Bearer ${TOKEN}`, ok: true });
  await page.getByTestId(`node-${httpId}`).click();
  await expect(page.getByTestId("run-step-request")).toContainText("Bearer ••••");
  await expect(page.getByTestId("run-step-response")).toContainText("Bearer ••••");
  await expect(page.locator("body")).not.toContainText(TOKEN);

  const runs = await trpc(page.request, "query", "runs.list", { automationId });
  const runId = (runs.body as { result: { data: { json: { items: Array<{ id: string }> } } } }).result.data.json.items[0].id;
  await page.goto(`/runs/${runId}?tab=steps`);
  await page.getByTestId("step-item").filter({ hasText: "HTTP request" }).first().click();
  await expect(page.getByTestId("step-request")).toContainText("Bearer ••••");
  await expect(page.locator("body")).not.toContainText(TOKEN);
  await page.screenshot({ path: `${ARTIFACTS}/connections-run-masked.png` });

  // A specialist: name and type, nothing else (no secret status, no actions), also through the API.
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const spec = await ctx.newPage();
  await signIn(spec, USERS.acmeSpecialist);
  await spec.goto("/settings?tab=connections");
  const specRow = spec.getByTestId("connection-row").filter({ hasText: name });
  await expect(specRow).toContainText("HTTP bearer token");
  await expect(specRow.getByTestId("secret-status-token")).toHaveCount(0);
  await expect(spec.getByTestId("new-connection")).toHaveCount(0);
  await expect(spec.getByTestId("connection-actions")).toHaveCount(0);
  await expect(spec.locator("body")).not.toContainText(TOKEN);
  const list = await trpc(spec.request, "query", "connections.list", {});
  expect(list.status).toBe(200);
  const mine = (list.body as { result: { data: { json: Array<Record<string, unknown>> } } }).result.data.json.find((c) => c.name === name)!;
  expect(mine).toMatchObject({ name, type: "http_bearer", typeLabel: "HTTP bearer token", detail: null });
  expect((await trpc(spec.request, "mutation", "connections.create", { name: "x", type: "http_bearer", values: { token: "y" } })).status).toBe(403);
  await spec.screenshot({ path: `${ARTIFACTS}/connections-specialist.png` });
  await ctx.close();
});
