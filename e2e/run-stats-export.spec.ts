import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, readFileSync } from "node:fs";
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { signIn, trpc, USERS } from "./helpers";

/**
 * Issue 12 items 5–7 end to end: the run stats page of one automation renders
 * the stacked chart (and its table alternative) with the right numbers and its
 * top failing step; exporting one run from the run page downloads a JSON file
 * (Playwright download event) holding that run and its steps; exporting the
 * runs list downloads the filtered runs; Settings shows run retention (admin
 * edits it, specialist reads it). Screenshots light and dark in /tmp/sw/shots.
 */

type Envelope<T> = { result: { data: { json: T } } };
const data = <T>(body: unknown) => (body as Envelope<T>).result.data.json;
const SHOTS = "/tmp/sw/shots";

let server: http.Server;
let port = 0;

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // A CRM that answers 200 to /ok and 500 to everything else.
  server = http.createServer((req, res) => {
    req.resume();
    if (req.url?.startsWith("/ok")) res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    else res.writeHead(500, { "content-type": "text/plain" }).end("CRM exploded");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const node = (id: string, type: string, name: string, config: Record<string, unknown>, x: number, settings?: Record<string, unknown>) => ({
  id,
  type,
  name,
  config,
  position: { x, y: 0 },
  ...(settings ? { settings } : {}),
});
const edge = (id: string, source: string, target: string) => ({ id, source, target, sourceHandle: "next" });

async function waitForRun(request: APIRequestContext, runId: string, statuses: string[]): Promise<void> {
  await expect
    .poll(async () => data<{ status: string }>((await trpc(request, "query", "runs.get", { runId })).body).status, { timeout: 60_000 })
    .toMatch(new RegExp(`^(${statuses.join("|")})$`));
}

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test("run stats of an automation, export of one run and of the list, retention setting", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const name = `CRM sync ${Date.now()}`;
  const created = await trpc(page.request, "mutation", "automations.create", { name });
  const a = data<{ id: string; draftRevision: number }>(created.body);
  const graph = {
    nodes: [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0),
      node("prep", "set_variables", "Prepare contact", { variables: [{ key: "email", value: "{{trigger.email}}" }] }, 340),
      node("push", "http_request", "Push to CRM", { method: "POST", url: `http://127.0.0.1:${port}/{{trigger.path}}`, bodyType: "json", body: "{}" }, 680, { retry: { maxAttempts: 1 } }),
    ],
    edges: [edge("e1", "trigger", "prep"), edge("e2", "prep", "push")],
  };
  expect((await trpc(page.request, "mutation", "automations.saveDraft", { id: a.id, baseRevision: a.draftRevision, graph })).status).toBe(200);
  expect((await trpc(page.request, "mutation", "versions.publish", { automationId: a.id, note: "e2e" })).status).toBe(200);
  expect((await trpc(page.request, "mutation", "automations.setStatus", { id: a.id, status: "ACTIVE" })).status).toBe(200);
  const runIds: string[] = [];
  for (const path of ["ok", "ok", "fail"]) {
    const run = await trpc(page.request, "mutation", "runs.trigger", { automationId: a.id, testData: { email: "ada@example.com", path } });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    runIds.push(data<{ runId: string }>(run.body).runId);
  }
  for (const id of runIds) await waitForRun(page.request, id, ["COMPLETED", "FAILED"]);

  // Stats page for this automation: numbers, chart, table alternative, failing step.
  await page.goto(`/runs/stats?automationId=${a.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Run stats · ${name}`);
  await expect(page.locator("h1")).toHaveCount(1);
  await expect(page.getByTestId("stat-total")).toContainText("3");
  await expect(page.getByTestId("stat-success-rate")).toContainText("66.7%");
  await expect(page.getByTestId("stat-success-rate")).toContainText("2 of 3 completed or failed");
  await expect(page.getByTestId("stat-p50")).not.toContainText("—");
  await expect(page.getByTestId("status-count-COMPLETED")).toContainText("2");
  await expect(page.getByTestId("status-count-FAILED")).toContainText("1");
  const chart = page.getByTestId("run-stats-chart");
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(chart.locator(".recharts-legend-item")).toHaveCount(5);
  await expect(page.getByTestId("run-stats-summary")).toContainText("3 runs over 14 days");
  const failing = page.getByTestId("failing-step");
  await expect(failing).toHaveCount(1);
  await expect(failing).toContainText("Push to CRM");
  await expect(failing).toContainText("500");
  await shoot(page, "run-stats");

  await page.getByTestId("run-stats-table-toggle").click();
  const table = page.getByTestId("run-stats-table");
  await expect(table).toBeVisible();
  await expect(table.getByRole("row").last()).toContainText("3");
  await shoot(page, "run-stats-table");

  // Export one run from its page: a JSON file with that run and its steps.
  const failedRun = runIds[2];
  await page.goto(`/runs/${failedRun}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-run").click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^run-${failedRun}-\\d{8}-\\d{6}\\.json$`));
  const file = JSON.parse(readFileSync(await download.path(), "utf8")) as {
    automation: { id: string; name: string };
    run_count: number;
    runs: Array<{ run_id: string; status: string; trigger_data: unknown; action_results: Array<{ action_id: string; status: string; error: string | null }> }>;
  };
  expect(file.automation).toEqual({ id: a.id, name });
  expect(file.run_count).toBe(1);
  expect(file.runs[0]).toMatchObject({ run_id: failedRun, status: "failed", trigger_data: { email: "ada@example.com", path: "fail" } });
  expect(file.runs[0].action_results.map((r) => [r.action_id, r.status])).toEqual([
    ["prep", "succeeded"],
    ["push", "failed"],
  ]);
  await expect(page.getByText(/Downloaded run-/)).toBeVisible();

  // Export the runs list with its filters (this automation, failed only).
  await page.goto(`/runs?automationId=${a.id}&status=FAILED`);
  const [listDownload] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-runs").click()]);
  const list = JSON.parse(readFileSync(await listDownload.path(), "utf8")) as { run_count: number; runs: Array<{ run_id: string }> };
  expect(list.run_count).toBe(1);
  expect(list.runs.map((r) => r.run_id)).toEqual([failedRun]);
  await expect(page.getByText("Exported 1 run")).toBeVisible();

  // Retention: admins edit it.
  await page.goto("/settings");
  const retention = page.getByTestId("run-retention");
  await expect(retention).toBeVisible();
  await page.getByTestId("run-retention-toggle").click();
  await page.getByTestId("run-retention-days").fill("0");
  await page.getByTestId("run-retention-days").blur();
  await expect(retention.getByRole("alert")).toContainText("Between 1 and 3650");
  await page.getByTestId("run-retention-days").fill("3650");
  await page.getByTestId("run-retention-save").click();
  await expect(page.getByText("Runs older than 3650 days will be deleted")).toBeVisible();
  await retention.scrollIntoViewIfNeeded();
  await shoot(page, "settings-retention");
  // Off again (other specs' data stays).
  await page.getByTestId("run-retention-toggle").click();
  await page.getByTestId("run-retention-save").click();
  await expect(page.getByText("Run retention turned off")).toBeVisible();
});

test("workspace stats page from the nav; specialists read retention", async ({ page }) => {
  await signIn(page, USERS.acmeSpecialist);
  await page.getByRole("link", { name: "Run stats" }).first().click();
  await expect(page).toHaveURL(/\/runs\/stats$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Run stats");
  await expect(page.getByTestId("run-stats-numbers")).toBeVisible();
  await expect(page.getByTestId("automation-counts")).toContainText("automations");
  await page.getByTestId("stats-days-30").click();
  await expect(page).toHaveURL(/days=30/);
  await page.goto("/settings");
  await expect(page.getByTestId("run-retention-value")).toHaveText("Off (runs are kept)");
  await expect(page.getByTestId("run-retention-toggle")).toHaveCount(0);
});
