import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync } from "node:fs";
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { signIn, trpc, USERS } from "./helpers";

/**
 * Issue 12 item 3 end to end, on the production server (`npm start`: /api/live
 * on the node:http front, the engine on its thread): the runs list shows a run
 * created through the REST API while the page is open, the run's page turns
 * from running to completed, and the canvas test run shows step statuses — all
 * without reloading and without polling (requests are counted).
 */

type Envelope<T> = { result: { data: { json: T } } };
const data = <T>(body: unknown) => (body as Envelope<T>).result.data.json;
const SHOTS = "/tmp/sw/shots";

let server: http.Server;
let port = 0;
/** while set, the HTTP step's service holds its answer until release() */
let gate: Promise<void> | null = null;
let release: () => void = () => {};
let delayMs = 0;

function closeGate(): void {
  gate = new Promise<void>((resolve) => (release = resolve));
}

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = http.createServer((req, res) => {
    req.resume();
    const answer = () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ reserved: true }));
    if (gate) void gate.then(answer);
    else setTimeout(answer, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  release();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const node = (id: string, type: string, name: string, config: Record<string, unknown>, y: number) => ({ id, type, name, config, position: { x: 0, y } });

async function createAutomation(request: APIRequestContext, name: string): Promise<string> {
  const created = await trpc(request, "mutation", "automations.create", { name });
  expect(created.status).toBe(200);
  const a = data<{ id: string; draftRevision: number }>(created.body);
  const graph = {
    nodes: [
      node("trigger", "manual", "Trigger", { sampleData: { order: "S-1" } }, 0),
      node("prep", "set_variables", "Prepare order", { variables: [{ key: "order", value: "{{trigger.order}}" }] }, 160),
      node("call", "http_request", "Reserve stock", { method: "POST", url: `http://127.0.0.1:${port}/reserve`, bodyType: "json", body: '{"order":"{{vars.order}}"}' }, 320),
      node("after", "set_variables", "Mark reserved", { variables: [{ key: "reserved", value: "{{steps.call.body.reserved}}" }] }, 480),
    ],
    edges: [
      { id: "e1", source: "trigger", sourceHandle: "next", target: "prep" },
      { id: "e2", source: "prep", sourceHandle: "next", target: "call" },
      { id: "e3", source: "call", sourceHandle: "next", target: "after" },
    ],
  };
  const saved = await trpc(request, "mutation", "automations.saveDraft", { id: a.id, baseRevision: a.draftRevision, graph });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((await trpc(request, "mutation", "versions.publish", { automationId: a.id, note: "e2e" })).status).toBe(200);
  expect((await trpc(request, "mutation", "automations.setStatus", { id: a.id, status: "ACTIVE" })).status).toBe(200);
  return a.id;
}

/** Times of tRPC calls of `procedure` made by the page (batched calls list every procedure in the path). */
function countCalls(page: Page, procedure: string): number[] {
  const times: number[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith("/api/trpc/")) return;
    const procs = decodeURIComponent(url.pathname.slice("/api/trpc/".length)).split(",");
    for (const p of procs) if (p === procedure) times.push(Date.now());
  });
  return times;
}

test("runs list, run page and canvas test run update live, without polling", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.acmeAdmin);
  const created = await trpc(page.request, "mutation", "apiKeys.create", { name: "live e2e", scopes: ["automations:read", "automations:trigger"] });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const apiKey = data<{ key: string }>(created.body).key;
  const automationId = await createAutomation(page.request, "Live updates");

  // ---- The runs list: a run created through the REST API arrives without a reload.
  // the page opens its live stream (EventSource on /api/live: the workspace's runs)
  const stream = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/live");
  await page.goto("/runs");
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  const opened = await stream;
  expect(opened.status()).toBe(200);
  expect(opened.headers()["content-type"]).toContain("text/event-stream");
  await page.waitForTimeout(500);
  const listCalls = countCalls(page, "runs.list");
  closeGate();
  const triggered = page.request.post(`/api/v1/automations/${automationId}/trigger`, {
    headers: { authorization: `Bearer ${apiKey}` },
    data: { trigger_data: { order: "A-1" } },
  });
  const row = page.getByTestId("run-row").filter({ hasText: "Live updates" }).first();
  await expect(row).toBeVisible({ timeout: 10_000 });
  await expect(row.locator("[data-status]").first()).toHaveAttribute("data-status", "RUNNING", { timeout: 10_000 });
  const runId = (await row.getAttribute("data-run-id"))!;
  expect(runId).toBeTruthy();
  await page.screenshot({ path: `${SHOTS}/live-runs-list.png` });
  // a few list reads (notices), not a poll
  expect(listCalls.length).toBeLessThanOrEqual(4);

  // ---- The run's page: RUNNING, then COMPLETED when the service answers — no reload.
  await page.goto(`/runs/${runId}`);
  const title = page.getByTestId("run-title");
  await expect(title).toBeVisible();
  const badge = page.locator("header [data-status]").first();
  await expect(badge).toHaveAttribute("data-status", "RUNNING");
  // (the stream's first connect refetches once: changes between the page's fetch and the connect)
  await page.waitForTimeout(1_000);
  const getCalls = countCalls(page, "runs.get");
  await page.waitForTimeout(2_500);
  // nothing changed for 2.5 s: no request at all (polling would have asked every second or so)
  expect(getCalls.length).toBe(0);
  release();
  gate = null;
  await expect(badge).toHaveAttribute("data-status", "COMPLETED", { timeout: 10_000 });
  expect(getCalls.length).toBeGreaterThanOrEqual(1);
  expect(getCalls.length).toBeLessThanOrEqual(4);
  await page.screenshot({ path: `${SHOTS}/live-run-completed.png` });
  expect((await triggered).status()).toBe(201);

  // ---- The canvas test run: step statuses appear live; the overlay is read a handful of times, runs.get never.
  delayMs = 5_000;
  await page.goto(`/automations/${automationId}/edit`);
  await expect(page.getByTestId("test-run-button")).toBeVisible();
  const overlayCalls = countCalls(page, "runs.overlay");
  const runsGet = countCalls(page, "runs.get");
  await page.getByTestId("test-run-button").click();
  await page.getByTestId("test-run-start").click();
  const started = Date.now();
  const banner = page.getByTestId("run-banner");
  await expect(banner).toHaveAttribute("data-status", "RUNNING", { timeout: 10_000 });
  await expect(page.getByTestId("node-status-prep")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 10_000 });
  await expect(page.getByTestId("node-status-call")).toHaveAttribute("data-status", "RUNNING", { timeout: 10_000 });
  await page.screenshot({ path: `${SHOTS}/live-canvas-running.png` });
  await expect(banner).toHaveAttribute("data-status", "COMPLETED", { timeout: 20_000 });
  const duration = Date.now() - started;
  await expect(page.getByTestId("node-status-call")).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.getByTestId("node-status-after")).toHaveAttribute("data-status", "SUCCEEDED");
  await page.screenshot({ path: `${SHOTS}/live-canvas-completed.png` });
  expect(duration).toBeGreaterThan(5_000);
  // Polling every 700 ms would be ≥ 7 reads over this run; live: a read per change (creation, start, steps, end).
  expect(runsGet.length).toBe(0);
  expect(overlayCalls.length).toBeLessThanOrEqual(7);
  // and none while the HTTP step was waiting (from 1.5 s after the start until its answer)
  expect(overlayCalls.filter((t) => t > started + 1_500 && t < started + 4_500)).toEqual([]);
  delayMs = 0;
});
