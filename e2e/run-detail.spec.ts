import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync } from "node:fs";
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { signIn, trpc, USERS } from "./helpers";

/**
 * Issue 12 item 2 end to end: a failed run opens with the error panel (code,
 * cause, attempt history); clicking the failing node on the run's canvas selects
 * its step with the error; the timeline draws bars with accessible names; a run
 * of a 350-item loop opens with the first 100 steps, shows "×350 iterations" on
 * the canvas and loads more steps on demand. Screenshots light and dark.
 */

type Envelope<T> = { result: { data: { json: T } } };
const data = <T>(body: unknown) => (body as Envelope<T>).result.data.json;
const SHOTS = "/tmp/sw/shots";
const LOOP_ITEMS = 350;

let server: http.Server;
let port = 0;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // the "mail provider" is down: every call answers 503
  server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(503, { "content-type": "text/plain" }).end("mail provider unavailable");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const node = (id: string, type: string, name: string, config: Record<string, unknown>, x: number, y: number, settings?: Record<string, unknown>) => ({
  id,
  type,
  name,
  config,
  position: { x, y },
  ...(settings ? { settings } : {}),
});
const edge = (id: string, source: string, target: string, sourceHandle = "next") => ({ id, source, target, sourceHandle });

async function startRun(request: APIRequestContext, name: string, nodes: unknown[], edges: unknown[], testData: Record<string, unknown>): Promise<string> {
  const created = await trpc(request, "mutation", "automations.create", { name });
  expect(created.status).toBe(200);
  const a = data<{ id: string; draftRevision: number }>(created.body);
  const saved = await trpc(request, "mutation", "automations.saveDraft", { id: a.id, baseRevision: a.draftRevision, graph: { nodes, edges } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((await trpc(request, "mutation", "versions.publish", { automationId: a.id, note: "e2e" })).status).toBe(200);
  expect((await trpc(request, "mutation", "automations.setStatus", { id: a.id, status: "ACTIVE" })).status).toBe(200);
  const run = await trpc(request, "mutation", "runs.trigger", { automationId: a.id, testData });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  return data<{ runId: string }>(run.body).runId;
}

async function waitForRun(request: APIRequestContext, runId: string, statuses: string[]): Promise<void> {
  await expect
    .poll(async () => data<{ status: string }>((await trpc(request, "query", "runs.get", { runId })).body).status, { timeout: 60_000 })
    .toMatch(new RegExp(`^(${statuses.join("|")})$`));
}

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(250);
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("a failed run: error panel, failing node on the run canvas selects its step, timeline bars", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const marker = Date.now();
  const runId = await startRun(
    page.request,
    `Welcome mail ${marker}`,
    [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0, 0),
      node("prep", "set_variables", "Prepare contact", { variables: [{ key: "email", value: "{{trigger.email}}" }] }, 340, 0),
      node("send", "http_request", "Send email", { method: "POST", url: `http://127.0.0.1:${port}/send`, bodyType: "json", body: "{}" }, 680, 0, {
        retry: { maxAttempts: 2, backoffMs: 300, maxBackoffMs: 1000 },
      }),
      node("done", "set_variables", "Mark welcomed", { variables: [{ key: "welcomed", value: "yes" }] }, 1020, 0),
    ],
    [edge("e1", "trigger", "prep"), edge("e2", "prep", "send"), edge("e3", "send", "done")],
    { email: "ada@example.com" },
  );
  await waitForRun(page.request, runId, ["FAILED"]);

  await page.goto(`/runs/${runId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome mail ${marker}`);
  await expect(page.locator("h1")).toHaveCount(1);

  // error panel: code, message, cause and both attempts
  const panel = page.getByTestId("run-error");
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("heading", { level: 2 })).toContainText("Run failed");
  await expect(page.getByTestId("run-error-code")).not.toBeEmpty();
  await expect(page.getByTestId("run-error-message")).toContainText("503");
  await expect(page.getByTestId("run-error-cause")).toContainText("Send email");
  await expect(page.getByTestId("run-error-cause")).toContainText("after 2 attempts");
  await expect(page.getByTestId("run-error-attempts").getByRole("listitem")).toHaveCount(2);

  // the canvas of the version that ran: path taken, the never-reached node, status marks and attempt counts
  const canvas = page.getByTestId("run-canvas");
  await expect(canvas.getByTestId("node-send")).toBeVisible();
  await expect(canvas.getByTestId("node-status-send")).toHaveAttribute("data-status", "FAILED");
  await expect(canvas.getByTestId("node-status-prep")).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(canvas.getByTestId("node-status-done")).toHaveCount(0);
  await expect(canvas.getByTestId("node-counts-send")).toHaveText("2 attempts");

  // select another node, then the failing one: its (latest) step with the error
  await canvas.getByTestId("node-prep").click();
  await expect(page.getByTestId("step-detail").getByRole("heading", { level: 3 })).toHaveText("Prepare contact");
  await expect(page).toHaveURL(/step=/);
  await canvas.getByTestId("node-send").click();
  const detail = page.getByTestId("step-detail");
  await expect(detail.getByRole("heading", { level: 3 })).toHaveText("Send email");
  await expect(detail.getByTestId("step-error")).toContainText("503");
  await expect(canvas.getByTestId("node-send")).toHaveAttribute("data-selected", "true");
  await shoot(page, "run-detail-failed-canvas");

  // timeline: one bar per attempt, accessible names, keyboard moves the selection
  await page.getByRole("tab", { name: "Timeline" }).click();
  const rows = page.getByTestId("waterfall-row");
  await expect(rows).toHaveCount(4); // trigger, prepare, send ×2 ("Mark welcomed" never ran)
  await expect(page.getByRole("option", { name: /^Send email, attempt 2, failed after [\d.]+m?s$/ })).toBeVisible();
  await expect(page.getByRole("option", { name: /^Send email, attempt 1, failed after .*retried$/ })).toBeVisible();
  const prepare = page.getByRole("option", { name: /^Prepare contact, attempt 1, succeeded/ });
  await prepare.click();
  await expect(prepare).toHaveAttribute("aria-selected", "true");
  await expect(detail.getByRole("heading", { level: 3 })).toHaveText("Prepare contact");
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("option", { name: /^Send email, attempt 1/ })).toBeFocused();
  await expect(detail.getByRole("heading", { level: 3 })).toHaveText("Send email");
  await shoot(page, "run-detail-failed-timeline");

  // history: created by the admin, claimed and failed by the engine
  const history = page.getByTestId("run-history");
  await expect(history.getByTestId("run-event").first()).toContainText("admin@acme.test");
  await expect(history).toContainText("Engine");
});

test("a big loop run opens with its first page of steps and loads more", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const items = Array.from({ length: LOOP_ITEMS }, (_, i) => ({ id: i }));
  const runId = await startRun(
    page.request,
    `Big loop ${Date.now()}`,
    [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0, 0),
      node("each", "loop", "Each contact", { items: "{{trigger.items}}", maxItems: 1000 }, 340, 0),
      node("body", "set_variables", "Tag contact", { variables: [{ key: "last", value: "{{loop.item.id}}" }] }, 680, -80),
      node("after", "set_variables", "Summarize", { variables: [{ key: "done", value: "yes" }] }, 680, 140),
    ],
    [edge("e1", "trigger", "each"), edge("e2", "each", "body", "item"), edge("e3", "each", "after", "done")],
    { items },
  );
  await waitForRun(page.request, runId, ["COMPLETED"]);

  // first paint: the header and the first page of steps; nothing that reads every step
  const calls: string[] = [];
  const stepsUrls: string[] = [];
  page.on("request", (r) => {
    const m = /\/api\/trpc\/([^?]+)/.exec(r.url());
    if (!m) return;
    const paths = decodeURIComponent(m[1]).split(",");
    calls.push(...paths);
    if (paths.includes("runs.steps")) stepsUrls.push(decodeURIComponent(r.url()));
  });
  const started = Date.now();
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-step-counts")).toContainText(`${(LOOP_ITEMS + 3).toLocaleString("en-US")}/${(LOOP_ITEMS + 3).toLocaleString("en-US")} succeeded`);
  const canvas = page.getByTestId("run-canvas");
  await expect(canvas.getByTestId("node-counts-body")).toHaveText(`×${LOOP_ITEMS} iterations`);
  console.log(`big loop run page: data shown after ${Date.now() - started} ms`);
  expect(calls).toContain("runs.get");
  expect(calls).toContain("runs.steps");
  // only the first page (no cursor), and no single-step reads
  for (const url of stepsUrls) expect(url).not.toMatch(/"cursor":"/);
  expect(calls.filter((c) => c === "runs.step")).toHaveLength(0);
  await shoot(page, "run-detail-loop-canvas");

  await page.getByRole("tab", { name: /^Steps/ }).click();
  await expect(page.getByTestId("step-item")).toHaveCount(100);
  const more = page.getByTestId("steps-load-more");
  await expect(more).toContainText(`100 of ${LOOP_ITEMS + 3} step attempts loaded`);
  await page.getByTestId("steps-load-more-button").click();
  await expect(page.getByTestId("step-item")).toHaveCount(200);

  // the timeline loads the next page when scrolled to its end
  await page.getByRole("tab", { name: "Timeline" }).click();
  const list = page.getByRole("listbox", { name: /^Timeline/ });
  await expect(list).toHaveAttribute("aria-label", "Timeline: 200 step attempts");
  await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(list).toHaveAttribute("aria-label", "Timeline: 300 step attempts");
  // rows are virtualised: far fewer rows in the DOM than loaded steps
  expect(await page.getByTestId("waterfall-row").count()).toBeLessThan(100);
  await shoot(page, "run-detail-loop-timeline");
});
