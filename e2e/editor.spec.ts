import { test, expect, type Page, type Locator } from "@playwright/test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ARTIFACTS, dropFromPalette, signIn, trpc, USERS } from "./helpers";

/**
 * The visual builder end to end: build an automation from the palette, wire and
 * configure it through the panel (variable picker included), publish, test-run
 * with live per-step statuses, undo/redo, autosave across reload, and the
 * specialist's read-only view (UI and API).
 */

test.use({ viewport: { width: 1680, height: 1000 } });

let server: http.Server;
let port = 0;
const hits: string[] = [];

test.beforeAll(async () => {
  // a real HTTP endpoint for the HTTP request steps (127.0.0.1 is allow-listed by scripts/e2e-server.mjs)
  server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, path: req.url }));
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

async function connect(page: Page, from: string, fromHandle: string, to: string) {
  const src = handle(page, from, "source", fromHandle);
  const dst = handle(page, to, "target", "in");
  const a = (await src.boundingBox())!;
  const b = (await dst.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Selects a node: closes the panel and fits the view first, so every node is on screen. */
async function openNode(page: Page, id: string) {
  const close = page.getByTestId("config-panel-close");
  if (await close.isVisible()) await close.click();
  await expect(page.getByTestId("config-panel")).toHaveCount(0);
  await page.getByTestId("fit-view-button").click();
  await page.waitForTimeout(400); // fit-view animation
  await page.getByTestId(`node-${id}`).click();
  await expect(page.getByTestId("config-panel")).toHaveAttribute("data-node-id", id);
}

async function waitSaved(page: Page) {
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });
}

test("admin builds, configures, publishes and test-runs an automation; specialist is read-only", async ({ page, browser }) => {
  await signIn(page, USERS.acmeAdmin);
  await page.getByTestId("new-automation").click();
  await page.getByTestId("automation-name-input").fill(`Canvas E2E ${Date.now()}`);
  await page.getByTestId("create-automation-submit").click();
  await expect(page).toHaveURL(/\/automations\/[^/]+\/edit$/);
  const editUrl = page.url();
  const automationId = editUrl.split("/").at(-2)!;
  await expect(page.getByTestId("canvas")).toBeVisible();

  // Start from an empty canvas: delete the default trigger, then build everything from the palette.
  await page.locator('[data-node-type="manual"]').click();
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("canvas-empty")).toBeVisible();

  const trigger = await dropFromPalette(page, "manual", 170, 330, { deselect: true });
  const condition = await dropFromPalette(page, "condition", 520, 330, { deselect: true });
  const approve = await dropFromPalette(page, "http_request", 880, 200, { deselect: true });
  const decline = await dropFromPalette(page, "http_request", 880, 500, { deselect: true });

  // Fresh HTTP steps have no URL: the validation badge says so.
  await expect(page.getByTestId(`node-problems-${approve}`)).toBeVisible();

  await page.getByTestId("fit-view-button").click();
  await page.waitForTimeout(400);
  await connect(page, trigger, "next", condition);
  await connect(page, condition, "true", approve);
  await connect(page, condition, "false", decline);
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);

  // Condition: pick the field with the variable picker (trigger sample data), value 1000.
  await openNode(page, condition);
  await page.getByTestId("cond-0-0-field").fill("");
  await page.getByTestId("var-picker-cond-0-0-field").click();
  await expect(page.getByTestId("variable-picker")).toBeVisible();
  await page.getByTestId("variable-option-trigger.deal.value").click();
  await expect(page.getByTestId("cond-0-0-field")).toHaveValue("trigger.deal.value");
  await page.getByTestId("cond-0-0-value").fill("1000");

  // HTTP step on the true branch: URL with a variable inserted from the picker.
  await openNode(page, approve);
  await page.getByTestId("node-name-input").fill("Approve order");
  await page.getByTestId("node-name-input").press("Enter");
  await page.getByTestId("field-url").fill(`http://127.0.0.1:${port}/approve?name=`);
  await page.getByTestId("var-picker-url").click();
  await page.getByTestId("variable-option-trigger.contact.first_name").click();
  await expect(page.getByTestId("field-url")).toHaveValue(`http://127.0.0.1:${port}/approve?name={{trigger.contact.first_name}}`);
  await expect(page.getByTestId(`node-problems-${approve}`)).toHaveCount(0);

  await openNode(page, decline);
  await page.getByTestId("field-url").fill(`http://127.0.0.1:${port}/decline`);
  await expect(page.getByTestId(`node-problems-${decline}`)).toHaveCount(0);
  await page.getByTestId("config-panel-close").click();
  await waitSaved(page);
  await page.screenshot({ path: `${ARTIFACTS}/editor-light.png` });

  // Publish version 1.
  await page.getByTestId("publish-button").click();
  await page.getByTestId("publish-note").fill("First version from the canvas");
  await page.getByTestId("publish-confirm").click();
  await expect(page.getByTestId("publish-dialog")).toBeHidden();
  await expect(page.getByTestId("published-version")).toHaveText("v1 live");

  // Test run with the trigger's sample data (deal.value 5000 → true branch).
  await page.getByTestId("test-run-button").click();
  await expect(page.getByTestId("test-run-data")).toContainText("deal");
  await page.getByTestId("test-run-start").click();
  await expect(page.getByTestId("run-banner")).toHaveAttribute("data-status", "COMPLETED", { timeout: 30_000 });
  await expect(page.getByTestId(`node-status-${trigger}`)).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.getByTestId(`node-status-${condition}`)).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.getByTestId(`node-status-${approve}`)).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.getByTestId(`node-status-${decline}`)).toHaveCount(0);
  expect(hits.some((h) => h.startsWith("/approve?name=Ada"))).toBe(true);
  await openNode(page, approve);
  await expect(page.getByTestId("run-step-response")).toContainText('"ok": true');
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${ARTIFACTS}/editor-test-run-light.png` });
  await page.getByTestId("run-banner-clear").click();

  // Undo/redo restores a deleted node.
  await openNode(page, decline);
  await page.keyboard.press("Delete");
  await expect(page.getByTestId(`node-${decline}`)).toHaveCount(0);
  await page.getByTestId("undo-button").click();
  await expect(page.getByTestId(`node-${decline}`)).toBeVisible();
  await page.keyboard.press("ControlOrMeta+Shift+Z");
  await expect(page.getByTestId(`node-${decline}`)).toHaveCount(0);
  await page.keyboard.press("ControlOrMeta+Z");
  await expect(page.getByTestId(`node-${decline}`)).toBeVisible();
  await waitSaved(page);

  // Reload: the autosaved draft comes back.
  await page.reload();
  await expect(page.getByTestId(`node-${decline}`)).toBeVisible();
  await expect(page.getByTestId(`node-summary-${decline}`)).toContainText("/decline");
  await expect(page.getByTestId(`node-${approve}`)).toContainText("Approve order");
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);

  // Dark theme screenshot.
  await page.evaluate(() => localStorage.setItem("theme", "dark"));
  await page.reload();
  await expect(page.getByTestId(`node-${approve}`)).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/editor-dark.png` });
  await openNode(page, approve);
  await page.waitForTimeout(600); // let the pan-into-view animation finish
  await page.screenshot({ path: `${ARTIFACTS}/editor-dark-panel.png` });
  await page.evaluate(() => localStorage.setItem("theme", "light"));

  // Specialist: same canvas, read-only; the server refuses changes too.
  const ctx = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
  const spec = await ctx.newPage();
  await signIn(spec, USERS.acmeSpecialist);
  await spec.goto(editUrl);
  await expect(spec.getByTestId(`node-${approve}`)).toBeVisible();
  await expect(spec.getByTestId("readonly-badge")).toBeVisible();
  await expect(spec.getByTestId("palette")).toHaveCount(0);
  await expect(spec.getByTestId("publish-button")).toHaveCount(0);
  await expect(spec.getByTestId("undo-button")).toHaveCount(0);
  await spec.getByTestId(`node-${approve}`).click();
  await expect(spec.getByTestId("config-panel")).toBeVisible();
  await expect(spec.getByTestId("field-url")).toBeDisabled();
  await expect(spec.getByTestId("panel-readonly")).toBeVisible();
  await spec.keyboard.press("Delete");
  await expect(spec.getByTestId(`node-${approve}`)).toBeVisible();
  await expect(spec.locator(`.react-flow__node[data-id="${approve}"] .react-flow__handle.connectable`)).toHaveCount(0);
  const saved = await trpc(spec.request, "mutation", "automations.saveDraft", { id: automationId, graph: { nodes: [], edges: [] }, baseRevision: 0 });
  expect(saved.status).toBe(403);
  const published = await trpc(spec.request, "mutation", "versions.publish", { automationId });
  expect(published.status).toBe(403);
  await ctx.close();
});
