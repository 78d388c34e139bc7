import { mkdirSync } from "node:fs";
import { test, expect, type APIRequestContext, type Page } from "@playwright/test";
import { ARTIFACTS, signIn, trpc, USERS } from "./helpers";

/**
 * Failure alerts end to end (issue 14 item 5). An admin turns on the workspace
 * default in Settings → General with the keyboard (in-app on, one email address,
 * one message per failure): toast, and a reload shows it saved. A published
 * automation whose code step throws is run: within a few scanner passes
 * (FailureAlertTicker, every 5 s next to the schedule ticker) the admin's
 * notification bell lists "Run failed: …" linking to the run, and Settings →
 * Outbox holds the alert email (no SMTP_URL in e2e). In the automation settings
 * dialog the admin sets this automation's alerts to "Off" (keyboard only): the
 * next failure sends nothing, neither in-app nor by email, after two passes and
 * more. A specialist sees the workspace setting and the automation's section
 * read-only. Screenshots light and dark of the settings card and the dialog
 * section in e2e/artifacts.
 */

type Envelope<T> = { result: { data: { json: T } } };
const data = <T>(body: unknown) => (body as Envelope<T>).result.data.json;

const ALERT_EMAIL = "alerts-e2e@example.com";
/** FailureAlertTicker's period (server/services/failure-alerts/ticker.ts). */
const PASS_MS = 5_000;

type Notification = { id: string; title: string; body: string | null; link: string | null; runId: string | null };
type OutboxItem = { id: string; to: string; subject: string; runId: string | null };

async function createFailingAutomation(request: APIRequestContext, name: string): Promise<string> {
  const created = await trpc(request, "mutation", "automations.create", { name });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const a = data<{ id: string; draftRevision: number }>(created.body);
  const graph = {
    nodes: [
      { id: "trigger", type: "manual", name: "Invoice due", config: { sampleData: { invoice: { id: "inv_1" } } }, position: { x: 0, y: 0 } },
      { id: "charge", type: "code", name: "Charge card", config: { code: 'throw new Error("Card declined: insufficient funds");' }, position: { x: 0, y: 160 } },
    ],
    edges: [{ id: "e1", source: "trigger", sourceHandle: "next", target: "charge" }],
  };
  const saved = await trpc(request, "mutation", "automations.saveDraft", { id: a.id, baseRevision: a.draftRevision, graph });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((await trpc(request, "mutation", "versions.publish", { automationId: a.id, note: "failure alerts e2e" })).status).toBe(200);
  expect((await trpc(request, "mutation", "automations.setStatus", { id: a.id, status: "ACTIVE" })).status).toBe(200);
  return a.id;
}

/** A manual (not test) run of the published version; resolves once it FAILED. */
async function failRun(request: APIRequestContext, automationId: string, invoice: string): Promise<string> {
  const run = await trpc(request, "mutation", "runs.trigger", { automationId, testData: { invoice: { id: invoice } } });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  const runId = data<{ runId: string }>(run.body).runId;
  await expect
    .poll(async () => data<{ status: string }>((await trpc(request, "query", "runs.get", { runId })).body).status, { timeout: 20_000 })
    .toBe("FAILED");
  return runId;
}

async function notificationsOf(request: APIRequestContext, runId: string): Promise<Notification[]> {
  const r = await trpc(request, "query", "notifications.list", { limit: 50 });
  expect(r.status).toBe(200);
  return data<{ items: Notification[] }>(r.body).items.filter((n) => n.runId === runId);
}

async function outboxOf(request: APIRequestContext, runId: string): Promise<OutboxItem[]> {
  const r = await trpc(request, "query", "outbox.list", { runId });
  expect(r.status).toBe(200);
  return data<{ items: OutboxItem[] }>(r.body).items;
}

/** Switches the theme in place, as a second tab would (next-themes listens to storage events): open dialogs stay open. */
async function setTheme(page: Page, theme: "light" | "dark") {
  await page.emulateMedia({ colorScheme: theme });
  await page.evaluate((t) => {
    window.localStorage.setItem("theme", t);
    window.dispatchEvent(new StorageEvent("storage", { key: "theme", newValue: t }));
  }, theme);
  await expect(page.locator("html")).toHaveClass(new RegExp(`\\b${theme}\\b`));
}

/** The id or test id of the focused element (for tab-order checks). */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return el ? el.id || el.dataset.testid || el.tagName : null;
});

let automationId = "";
let automationName = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
});

// The workspace default applies to every automation of the seeded workspace: later specs of the
// same server must not get alerts (notifications, outbox emails) for their own failures.
test.afterAll(async ({ browser }) => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, USERS.acmeAdmin);
  expect((await trpc(page.request, "mutation", "failureAlerts.setWorkspace", { settings: null })).status).toBe(200);
  if (automationId) expect((await trpc(page.request, "mutation", "failureAlerts.setAutomation", { automationId, settings: null })).status).toBe(200);
  await ctx.close();
});

test("admin sets the workspace default; a failed run alerts in-app and by email; Off in the automation's settings mutes the next failure", async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, USERS.acmeAdmin);
  automationName = `Charge invoices ${Date.now().toString(36)}`;
  automationId = await createFailingAutomation(page.request, automationName);

  // Settings → General: the card, labelled controls, reached and operated with the keyboard.
  await page.goto("/settings");
  const card = page.getByTestId("failure-alerts");
  const toggle = card.getByRole("switch", { name: "Alert on failed runs" });
  await expect(toggle).toBeVisible();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await toggle.focus();
  await page.keyboard.press("Space");
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  const inApp = card.getByRole("checkbox", { name: "In the app (workspace owners and admins)" });
  const emails = card.getByRole("textbox", { name: "By email" });
  const digest = card.getByRole("combobox", { name: "How often" });
  const save = card.getByRole("button", { name: "Save" });
  await expect(inApp).toBeChecked();
  await expect(digest).toHaveText("One message per failure");
  // Tab order: switch → in-app → emails → (subscriptions) → how often → save.
  const order: Array<string | null> = [];
  for (let i = 0; i < 12 && order.at(-1) !== "failure-alerts-save"; i++) {
    await page.keyboard.press("Tab");
    order.push(await focused(page));
  }
  expect(order[0]).toBe("failure-alerts-inapp");
  expect(order[1]).toBe("failure-alerts-emails");
  expect(order.indexOf("failure-alerts-digest")).toBeGreaterThan(1);
  expect(order.at(-1), `tab order: ${order.join(" → ")}`).toBe("failure-alerts-save");
  await emails.focus();
  await page.keyboard.type(ALERT_EMAIL);
  // An invalid address is refused in the form (same schema as the server) before anything is sent.
  await page.keyboard.type(", not-an-address");
  await save.focus();
  await page.keyboard.press("Enter");
  await expect(card.getByTestId("failure-alerts-error")).toContainText("not-an-address");
  await emails.fill(ALERT_EMAIL);
  await expect(card.getByTestId("failure-alerts-error")).toHaveCount(0);
  await save.focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Failure alerts saved" })).toBeVisible();
  await expect(card).toContainText("Currently: in-app, 1 email · one message per failure.");
  await expect(save).toBeDisabled();

  await page.reload();
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await expect(inApp).toBeChecked();
  await expect(emails).toHaveValue(ALERT_EMAIL);
  await expect(digest).toHaveText("One message per failure");
  await expect(card).toContainText("Currently: in-app, 1 email · one message per failure.");
  const section = page.getByTestId("failure-alerts-section");
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: `${ARTIFACTS}/failure-alerts-settings-light.png` });
  await setTheme(page, "dark");
  await section.screenshot({ path: `${ARTIFACTS}/failure-alerts-settings-dark.png` });
  await setTheme(page, "light");

  // A failed run → the bell lists the alert within a few passes, linking to the run.
  const failedAt = Date.now();
  const runId = await failRun(page.request, automationId, "inv_alerted");
  await expect.poll(async () => (await notificationsOf(page.request, runId)).length, { timeout: 4 * PASS_MS, intervals: [500] }).toBe(1);
  const seconds = (Date.now() - failedAt) / 1000;
  console.log(`failure alert in-app ${seconds.toFixed(1)} s after the run was triggered`);
  const [note] = await notificationsOf(page.request, runId);
  expect(note!.title).toBe(`Run failed: ${automationName}`);
  expect(note!.body).toContain("Card declined: insufficient funds");
  expect(note!.link).toBe(`/runs/${runId}`);

  const bell = page.getByTestId("notification-bell");
  await bell.focus();
  await page.keyboard.press("Enter");
  const popover = page.getByTestId("notifications-popover");
  const item = popover.getByTestId("notification-item").filter({ hasText: `Run failed: ${automationName}` });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("Card declined: insufficient funds");
  await item.click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));

  // The alert email is in the outbox (no SMTP server in e2e).
  await expect.poll(async () => (await outboxOf(page.request, runId)).length, { timeout: 2 * PASS_MS }).toBe(1);
  await page.goto("/settings?tab=outbox");
  const row = page.getByTestId("outbox-row").filter({ hasText: `[Switchyard] Run failed: ${automationName}` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(ALERT_EMAIL);

  // The automation's settings dialog: Failure alerts → Off, with the keyboard.
  await page.goto(`/automations/${automationId}/edit`);
  const settingsButton = page.getByTestId("settings-button");
  await settingsButton.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByTestId("settings-dialog");
  await expect(dialog).toBeVisible();
  const alerts = dialog.getByTestId("automation-failure-alerts");
  const mode = alerts.getByRole("combobox", { name: "Alerts" });
  await expect(mode).toHaveText("Use the workspace default");
  await expect(alerts.getByTestId("automation-alerts-default")).toContainText("Workspace default: in-app, 1 email · one message per failure");
  // Custom shows the same fields as the workspace card, prefilled from the default (screenshots of the section).
  await mode.click();
  await page.getByRole("option", { name: "Custom for this automation" }).click();
  await expect(alerts.getByRole("checkbox", { name: "In the app (workspace owners and admins)" })).toBeChecked();
  await expect(alerts.getByRole("textbox", { name: "By email" })).toHaveValue(ALERT_EMAIL);
  await expect(alerts.getByRole("combobox", { name: "How often" })).toHaveText("One message per failure");
  await alerts.scrollIntoViewIfNeeded();
  await alerts.screenshot({ path: `${ARTIFACTS}/failure-alerts-dialog-light.png` });
  await setTheme(page, "dark");
  await alerts.screenshot({ path: `${ARTIFACTS}/failure-alerts-dialog-dark.png` });
  await page.screenshot({ path: `${ARTIFACTS}/failure-alerts-dialog-page-dark.png` });
  await setTheme(page, "light");

  await mode.focus();
  await page.keyboard.press("Enter");
  const off = page.getByRole("option", { name: "Off for this automation" });
  await expect(off).toBeVisible();
  // The list opens on the selected option (Custom); the next one down is Off.
  await page.keyboard.press("ArrowDown");
  await expect(off).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(mode).toHaveText("Off for this automation");
  await expect(mode).toBeFocused();
  await expect(alerts.getByRole("textbox", { name: "By email" })).toHaveCount(0);
  await page.keyboard.press("Tab");
  const saveAlerts = alerts.getByRole("button", { name: "Save alerts" });
  await expect(saveAlerts).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Failure alerts saved" })).toBeVisible();
  await expect(saveAlerts).toBeDisabled();
  const stored = await trpc(page.request, "query", "failureAlerts.automation", { automationId });
  expect(data<{ settings: { enabled: boolean } | null; effective: unknown }>(stored.body)).toMatchObject({ settings: { enabled: false }, effective: null });
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);

  // Reopened, the dialog shows Off.
  await settingsButton.click();
  await expect(dialog.getByTestId("automation-failure-alerts").getByRole("combobox", { name: "Alerts" })).toHaveText("Off for this automation");
  await page.keyboard.press("Escape");

  // The next failure is muted: nothing in-app or by email after more than two scanner passes.
  const mutedRunId = await failRun(page.request, automationId, "inv_muted");
  await page.waitForTimeout(2 * PASS_MS + 2_000);
  expect(await notificationsOf(page.request, mutedRunId)).toEqual([]);
  expect(await outboxOf(page.request, mutedRunId)).toEqual([]);
  // The first alert is still the only one for this automation.
  const all = data<{ items: Notification[] }>((await trpc(page.request, "query", "notifications.list", { limit: 50 })).body).items;
  expect(all.filter((n) => n.title === `Run failed: ${automationName}`)).toHaveLength(1);
});

test("a specialist sees the workspace default and the automation's alerts read-only", async ({ page }) => {
  expect(automationId, "the admin test ran first").not.toBe("");
  await signIn(page, USERS.acmeSpecialist);
  await page.goto("/settings");
  const card = page.getByTestId("failure-alerts");
  await expect(card.getByTestId("failure-alerts-value")).toHaveText("in-app, 1 email · one message per failure");
  await expect(card.getByRole("switch")).toHaveCount(0);
  await expect(card.getByRole("button")).toHaveCount(0);
  await expect(card.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByTestId("failure-alerts-section").getByText("Only admins change this.")).toBeVisible();
  await page.getByTestId("failure-alerts-section").screenshot({ path: `${ARTIFACTS}/failure-alerts-settings-specialist-light.png` });

  // The automation's section: the choice is shown, nothing can be changed or saved.
  await page.goto(`/automations/${automationId}/edit`);
  await page.getByTestId("settings-button").click();
  const alerts = page.getByTestId("settings-dialog").getByTestId("automation-failure-alerts");
  const mode = alerts.getByRole("combobox", { name: "Alerts" });
  await expect(mode).toHaveText("Off for this automation");
  await expect(mode).toBeDisabled();
  await expect(alerts.getByRole("button", { name: "Save alerts" })).toHaveCount(0);

  // The API agrees: members read, only admins write.
  expect((await trpc(page.request, "query", "failureAlerts.workspace", undefined)).status).toBe(200);
  expect((await trpc(page.request, "mutation", "failureAlerts.setWorkspace", { settings: null })).status).toBe(403);
  expect((await trpc(page.request, "mutation", "failureAlerts.setAutomation", { automationId, settings: null })).status).toBe(403);
});
