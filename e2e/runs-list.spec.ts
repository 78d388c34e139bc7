import { mkdirSync } from "node:fs";
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { signIn, trpc, USERS } from "./helpers";

/**
 * Issue 12 item 1: the runs list. Filter by status and search (the URL keeps the
 * filters through a reload), the Runs tab of one automation (from the automations
 * table and from the editor header), skipped-step counts, and admin selection
 * opening the bulk re-run dialog. Screenshots light and dark in /tmp/sw/shots.
 */

type Envelope<T> = { result: { data: { json: T } } };
const data = <T>(body: unknown) => (body as Envelope<T>).result.data.json;
const SHOTS = "/tmp/sw/shots";
const node = (id: string, type: string, name: string, config: Record<string, unknown>, y: number) => ({ id, type, name, config, position: { x: 0, y } });

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

/** trigger → check(kind = "bad") → true: stop as failed ; false: set a variable. */
async function createAutomation(request: APIRequestContext, name: string): Promise<string> {
  const created = await trpc(request, "mutation", "automations.create", { name });
  expect(created.status).toBe(200);
  const a = data<{ id: string; draftRevision: number }>(created.body);
  const graph = {
    nodes: [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0),
      node("check", "condition", "Is it bad?", { match: "all", groups: [{ match: "all", conditions: [{ field: "trigger.kind", operator: "eq", value: "bad" }] }] }, 160),
      node("fail", "stop", "Reject", { status: "failed", message: "Rejected order" }, 320),
      node("ok", "set_variables", "Accept", { variables: [{ key: "accepted", value: "{{trigger.order}}" }] }, 320),
    ],
    edges: [
      { id: "e1", source: "trigger", sourceHandle: "next", target: "check" },
      { id: "e2", source: "check", sourceHandle: "true", target: "fail" },
      { id: "e3", source: "check", sourceHandle: "false", target: "ok" },
    ],
  };
  const saved = await trpc(request, "mutation", "automations.saveDraft", { id: a.id, baseRevision: a.draftRevision, graph });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((await trpc(request, "mutation", "versions.publish", { automationId: a.id, note: "e2e" })).status).toBe(200);
  return a.id;
}

async function trigger(request: APIRequestContext, automationId: string, testData: Record<string, unknown>): Promise<string> {
  const run = await trpc(request, "mutation", "runs.trigger", { automationId, testData });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  return data<{ runId: string }>(run.body).runId;
}

async function runStatus(request: APIRequestContext, runId: string): Promise<string> {
  return data<{ status: string }>((await trpc(request, "query", "runs.get", { runId })).body).status;
}

async function shots(page: Page, name: string) {
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: `${SHOTS}/${name}-light.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `${SHOTS}/${name}-dark.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });
}

test("filter runs by status and search; the URL keeps the filters after a reload; the per-automation Runs tab; bulk re-run", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const tag = `ORD-${Date.now().toString(36)}`;
  const name = `Order intake ${tag}`;
  const automationId = await createAutomation(page.request, name);
  const failed = await trigger(page.request, automationId, { order: `${tag}-1`, kind: "bad" });
  const completed = await trigger(page.request, automationId, { order: `${tag}-2`, kind: "good" });
  const failed2 = await trigger(page.request, automationId, { order: `${tag}-3`, kind: "bad" });
  await expect.poll(() => runStatus(page.request, failed), { timeout: 20_000 }).toBe("FAILED");
  await expect.poll(() => runStatus(page.request, completed), { timeout: 20_000 }).toBe("COMPLETED");
  await expect.poll(() => runStatus(page.request, failed2), { timeout: 20_000 }).toBe("FAILED");

  // --- all runs: status + search
  await page.goto("/runs");
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  await expect(page.locator(`[data-run-id="${completed}"]`)).toBeVisible();
  // the completed run skipped the "Reject" branch
  await expect(page.locator(`[data-run-id="${completed}"]`).getByTestId("skipped-steps")).toHaveText("1 skipped");

  await page.getByTestId("runs-status-filter").click();
  await page.getByTestId("runs-status-option-FAILED").click();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(/status=FAILED/);
  await page.getByTestId("runs-search").fill(`${tag}-1`);
  await expect(page).toHaveURL(new RegExp(`q=${tag}-1`));
  const rows = page.getByTestId("run-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-run-id", failed);
  await shots(page, "runs-list-filtered");

  await page.reload();
  await expect(page.getByTestId("runs-search")).toHaveValue(`${tag}-1`);
  await expect(page.getByTestId("runs-status-filter")).toContainText("Failed");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-run-id", failed);

  // search by run id prefix
  await page.getByTestId("runs-search").fill(completed.slice(0, 14));
  await expect(page).toHaveURL(new RegExp(`q=${completed.slice(0, 14)}`));
  await expect(page.getByTestId("runs-empty")).toBeVisible(); // completed, but the status filter says failed
  await page.getByTestId("runs-reset-filters").click();
  await expect(page).toHaveURL(/\/runs$/);
  await expect(page.getByTestId("runs-search")).toHaveValue("");

  // --- the Runs tab of the automation, from the automations table
  await page.goto("/automations");
  const row = page.getByRole("row").filter({ hasText: name });
  await row.getByTestId("row-actions").click();
  await page.getByTestId("automation-runs").click();
  await expect(page).toHaveURL(new RegExp(`/automations/${automationId}/runs$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId("runs-automation-filter")).toHaveCount(0);
  await page.getByTestId("runs-status-filter").click();
  await page.getByTestId("runs-status-option-FAILED").click();
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(new RegExp(`/automations/${automationId}/runs\\?status=FAILED$`));
  await expect(rows).toHaveCount(2);

  // --- selection (keyboard) and the bulk re-run dialog
  const firstBox = rows.first().getByTestId("select-run");
  await firstBox.focus();
  await page.keyboard.press("Space");
  await expect(firstBox).toHaveAttribute("data-state", "checked");
  await expect(page.getByTestId("runs-selection-bar")).toContainText("1 run selected");
  await page.getByTestId("select-all-runs").click();
  await expect(page.getByTestId("runs-selection-bar")).toContainText("2 runs selected");
  await shots(page, "runs-list-selection");
  await page.getByTestId("rerun-selected").click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Re-run 2 runs");
  await shots(page, "runs-list-bulk-dialog");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  await page.getByTestId("rerun-failed-matching").click();
  await expect(dialog).toContainText("Re-run 2 runs");
  await page.keyboard.press("Escape");

  // --- the editor header links to the same tab, and the tab links back to the editor
  await page.getByTestId("back-to-editor").click();
  await expect(page).toHaveURL(new RegExp(`/automations/${automationId}/edit`));
  await page.getByTestId("automation-runs-link").click();
  await expect(page).toHaveURL(new RegExp(`/automations/${automationId}/runs$`));
  await expect(rows).toHaveCount(3);
  await shots(page, "runs-list-automation-tab");
});

test("a specialist sees the runs list without selection or re-run actions", async ({ page }) => {
  await signIn(page, USERS.acmeSpecialist);
  await page.goto("/runs");
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  await expect(page.getByTestId("run-row").first()).toBeVisible();
  await expect(page.getByTestId("select-run")).toHaveCount(0);
  await expect(page.getByTestId("rerun-failed-matching")).toHaveCount(0);
});
