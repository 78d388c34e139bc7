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

type Json = Record<string, unknown>;
interface GraphNodeJson {
  id: string;
  type: string;
  name: string;
  config: Json;
  position: { x: number; y: number };
}

/** The `json` of a tRPC answer (200 expected). */
async function ok<T>(call: Promise<{ status: number; body: unknown }>): Promise<T> {
  const r = await call;
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body as { result: { data: { json: T } } }).result.data.json;
}

/** An automation whose draft is its manual trigger → one step (config given), made through tRPC; returns ids. */
async function automationWithStep(page: Page, name: string, step: Omit<GraphNodeJson, "position">): Promise<{ automationId: string; stepId: string }> {
  const made = await ok<{ id: string }>(trpc(page.request, "mutation", "automations.create", { name }));
  const loaded = await ok<{ draftRevision: number; draftGraph: { nodes: GraphNodeJson[]; edges: Json[] } }>(trpc(page.request, "query", "automations.get", { id: made.id }));
  const trig = loaded.draftGraph.nodes[0];
  const graph = {
    nodes: [trig, { ...step, position: { x: trig.position.x + 360, y: trig.position.y } }],
    edges: [{ id: `e-${trig.id}-${step.id}`, source: trig.id, target: step.id, sourceHandle: "next" }],
  };
  await ok(trpc(page.request, "mutation", "automations.saveDraft", { id: made.id, baseRevision: loaded.draftRevision, graph }));
  return { automationId: made.id, stepId: step.id };
}

async function connectionsNamed(page: Page, name: string): Promise<Array<{ id: string; name: string; type: string }>> {
  return (await ok<Array<{ id: string; name: string; type: string }>>(trpc(page.request, "query", "connections.list", {}))).filter((c) => c.name === name);
}

test("replace a secret and test the connection; delete a connection in use: the dialog lists the automation, 'Delete anyway', the canvas shows the problem", async ({ page }) => {
  const name = `Billing API ${Date.now()}`;
  await signIn(page, USERS.acmeAdmin);
  const conn = await ok<{ id: string }>(trpc(page.request, "mutation", "connections.create", { name, type: "http_bearer", values: { token: `tok_wrong_${Date.now()}`, testUrl: `http://127.0.0.1:${port}/me` } }));
  const automationName = `Uses ${name}`;
  const { automationId, stepId } = await automationWithStep(page, automationName, {
    id: "billing",
    type: "http_request",
    name: "Call billing",
    config: { method: "GET", url: `http://127.0.0.1:${port}/billing`, connectionId: conn.id },
  });

  await page.goto("/settings?tab=connections");
  const row = page.getByTestId("connection-row").filter({ hasText: name });
  await expect(row.getByTestId("secret-status-token")).toContainText(/••••\s?set on .+ by \S+/);
  const dialog = page.getByTestId("connection-dialog");

  // The stored token is wrong: Test connection says so (the local server answered 401).
  await row.getByRole("button", { name, exact: true }).click();
  await dialog.getByTestId("connection-test").click();
  await expect(dialog.getByTestId("connection-test-result")).toContainText("HTTP 401");
  await expect(dialog.getByTestId("connection-test-result")).toContainText("the credentials were refused");

  // Replace it: the field becomes an empty password input; saved, the status shows "set on … by …" again.
  await dialog.getByTestId("replace-token").click();
  await expect(dialog.getByTestId("secret-status-token")).toHaveCount(0);
  await expect(dialog.locator("#connection-field-token")).toHaveValue("");
  await dialog.locator("#connection-field-token").fill(TOKEN);
  await dialog.getByTestId("connection-save").click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("secret-status-token")).toContainText(/••••\s?set on .+ by \S+/);
  const detail = await ok<{ detail: { secrets: Array<{ field: string; setAt: string }> } }>(trpc(page.request, "query", "connections.get", { id: conn.id }));
  expect(Date.now() - new Date(detail.detail.secrets[0].setAt).getTime()).toBeLessThan(60_000);
  await expect(page.locator("body")).not.toContainText(TOKEN);

  // Tested again: accepted now, and the result is stored as the last test.
  await row.getByRole("button", { name, exact: true }).click();
  await expect(dialog.getByTestId("secret-status-token")).toBeVisible();
  await dialog.getByTestId("connection-test").click();
  await expect(dialog.getByTestId("connection-test-result")).toContainText("the credentials were accepted");
  expect(seen.at(-1)).toEqual({ authorization: `Bearer ${TOKEN}`, ok: true });
  await page.screenshot({ path: `${ARTIFACTS}/connections-test-ok.png` });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  // Delete while the draft uses it: the dialog lists the automation and asks to delete anyway.
  await row.getByTestId("connection-actions").click();
  await page.getByTestId("delete-connection").click();
  const confirm = page.getByTestId("delete-connection-dialog");
  await expect(confirm.getByTestId("connection-usage-list")).toContainText(automationName);
  await expect(confirm.getByTestId("connection-usage-list")).toContainText("Call billing");
  await expect(confirm.getByTestId("confirm-delete-connection")).toHaveText("Delete anyway");
  await page.screenshot({ path: `${ARTIFACTS}/connections-delete-in-use.png` });
  await confirm.getByTestId("confirm-delete-connection").click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("connection-row").filter({ hasText: name })).toHaveCount(0);
  expect(await connectionsNamed(page, name)).toEqual([]);

  // The step now shows the missing-connection problem on the canvas.
  await page.goto(`/automations/${automationId}/edit`);
  await expect(page.getByTestId(`node-problems-${stepId}`)).toBeVisible();
  await page.getByTestId("problems-button").click();
  await expect(page.getByTestId("problems-list")).toContainText("no longer exists (it was deleted)");
});

test("'New connection…' in the canvas dropdown creates a connection and selects it in the step", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const name = `Inline bearer ${Date.now()}`;
  const { automationId, stepId } = await automationWithStep(page, `New connection E2E ${Date.now()}`, {
    id: "call",
    type: "http_request",
    name: "Call API",
    config: { method: "GET", url: `http://127.0.0.1:${port}/orders` },
  });
  await page.goto(`/automations/${automationId}/edit`);
  await page.getByTestId(`node-${stepId}`).click();
  await page.getByTestId("field-connectionId").click();
  await page.getByTestId("new-connection-inline").click();
  const dialog = page.getByTestId("connection-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("connection-type").click();
  await page.getByTestId("connection-type-http_bearer").click();
  await dialog.getByTestId("connection-name").fill(name);
  await dialog.locator("#connection-field-token").fill(TOKEN);
  await dialog.getByTestId("connection-save").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("field-connectionId")).toContainText(name);
  await page.getByTestId("config-panel-close").click();
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });

  const [created] = await connectionsNamed(page, name);
  expect(created).toMatchObject({ name, type: "http_bearer" });
  const draft = await ok<{ draftGraph: { nodes: GraphNodeJson[] } }>(trpc(page.request, "query", "automations.get", { id: automationId }));
  expect(draft.draftGraph.nodes.find((n) => n.id === stepId)?.config.connectionId).toBe(created.id);
  expect(JSON.stringify(draft)).not.toContain(TOKEN);
});

test("an inline Authorization header is flagged; 'Move to a connection' stores it as a connection, removes the header and sets the step's connection", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const stamp = Date.now().toString(36);
  const inline = `sk_inline_${stamp}`;
  const { automationId, stepId } = await automationWithStep(page, `Inline secret E2E ${Date.now()}`, {
    id: "legacy",
    type: "http_request",
    name: `Legacy call ${stamp}`,
    config: { method: "GET", url: `http://127.0.0.1:${port}/legacy`, headers: [{ key: "Authorization", value: `Bearer ${inline}` }, { key: "Accept", value: "application/json" }] },
  });
  await page.goto(`/automations/${automationId}/edit`);
  await expect(page.getByTestId(`node-problems-${stepId}`)).toBeVisible();
  await page.getByTestId(`node-${stepId}`).click();
  const warning = page.getByTestId("inline-secrets");
  await expect(warning).toContainText("Authorization");
  await expect(warning).toContainText("stored in clear");
  await page.screenshot({ path: `${ARTIFACTS}/connections-inline-secret.png` });
  await warning.getByTestId("move-to-connection").click();
  await expect(warning).toBeHidden();
  const connName = `Legacy call ${stamp} · Authorization`;
  await expect(page.getByTestId("field-connectionId")).toContainText(connName);
  await page.getByTestId("config-panel-close").click();
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
  await expect(page.getByTestId(`node-problems-${stepId}`)).toHaveCount(0);

  const [moved] = await connectionsNamed(page, connName);
  expect(moved).toMatchObject({ type: "http_bearer" });
  const draft = await ok<{ draftGraph: { nodes: GraphNodeJson[] } }>(trpc(page.request, "query", "automations.get", { id: automationId }));
  const config = draft.draftGraph.nodes.find((n) => n.id === stepId)!.config;
  expect(config.connectionId).toBe(moved.id);
  expect(config.headers).toEqual([{ key: "Accept", value: "application/json" }]);
  expect(JSON.stringify(draft)).not.toContain(inline);
});
