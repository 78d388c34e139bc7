import { test, expect } from "@playwright/test";
import { ARTIFACTS, dropFromPalette, signIn, trpc, USERS } from "./helpers";

/**
 * Schedules end to end: give an automation a Schedule trigger on the canvas,
 * see the human description and the next fire times update as the timetable
 * changes, publish and activate it, then find it on the Schedules page with its
 * next fire and history; a specialist sees the page read-only.
 */

test.use({ viewport: { width: 1680, height: 1000 } });
// Many steps (canvas, Schedules page, dialog, a second user) on a loaded 2-core machine.
test.setTimeout(240_000);

test("admin sets up a schedule on the canvas, sees its next fire times, and finds it on the Schedules page", async ({ page, browser }) => {
  await signIn(page, USERS.acmeAdmin);
  const name = `Schedule E2E ${Date.now()}`;
  await page.getByTestId("new-automation").click();
  await page.getByTestId("automation-name-input").fill(name);
  await page.getByTestId("create-automation-submit").click();
  await expect(page).toHaveURL(/\/automations\/[^/]+\/edit$/);
  const automationId = page.url().split("/").at(-2)!;

  // Replace the default manual trigger with a Schedule trigger.
  await page.locator('[data-node-type="manual"]').click();
  await page.keyboard.press("Delete");
  await expect(page.getByTestId("canvas-empty")).toBeVisible();
  const trigger = await dropFromPalette(page, "schedule", 300, 330);
  await page.getByTestId(`node-${trigger}`).click();
  await expect(page.getByTestId("config-panel")).toHaveAttribute("data-node-id", trigger);

  // Default: weekdays at 09:00 UTC, with a description and 5 next fire times.
  const preview = page.getByTestId("schedule-preview");
  await expect(preview.getByTestId("schedule-description")).toHaveText("At 09:00, Monday through Friday");
  await expect(preview.getByTestId("next-fire-times").locator("li")).toHaveCount(5);

  // Days of the week are toggle buttons (aria-pressed), Monday first; the row is keyboard-operable (←/→, Space).
  const days = page.getByTestId("weekday-toggles");
  await expect(days.getByRole("button")).toHaveText(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
  await expect(days.getByRole("button", { name: "Monday" })).toHaveAttribute("aria-pressed", "true");
  await expect(days.getByRole("button", { name: "Saturday" })).toHaveAttribute("aria-pressed", "false");
  await days.getByRole("button", { name: "Friday" }).click();
  await page.keyboard.press("ArrowRight");
  await expect(days.getByRole("button", { name: "Saturday" })).toBeFocused();
  await page.keyboard.press("Space");
  await expect(days.getByRole("button", { name: "Friday" })).toHaveAttribute("aria-pressed", "false");
  await expect(days.getByRole("button", { name: "Saturday" })).toHaveAttribute("aria-pressed", "true");
  await expect(preview.getByTestId("schedule-cron")).toHaveText("0 9 * * 1-4,6");

  // The time zone is a searchable picker with the workspace default (UTC) preselected; the time a native time input.
  const zone = page.getByRole("combobox", { name: "Time zone" });
  await expect(zone).toContainText("UTC");
  await zone.click();
  await page.getByPlaceholder("Search time zones…").fill("berlin");
  await expect(page.getByRole("option", { name: /Europe\/Berlin/ }).first()).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(zone).toContainText("Europe/Berlin");
  await page.getByTestId("schedule-time").fill("07:30");
  await expect(preview.getByTestId("schedule-cron")).toHaveText("30 7 * * 1-4,6");
  await expect(preview.getByTestId("schedule-description")).toHaveText("At 07:30, only on Monday through Thursday and Saturday");
  const times = preview.getByTestId("next-fire-times").locator("time");
  await expect(times).toHaveCount(5);
  for (const text of await times.allTextContents()) expect(text).toMatch(/(Mon|Tue|Wed|Thu|Sat).*07:30 CES?T/);

  // Screenshots of the panel in light and dark mode (the theme follows the system: emulate it).
  const panel = page.getByTestId("config-panel");
  await panel.screenshot({ path: `${ARTIFACTS}/schedule-panel-light.png` });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/dark/);
  await panel.screenshot({ path: `${ARTIFACTS}/schedule-panel-dark.png` });
  await page.emulateMedia({ colorScheme: "light" });

  // Interval mode: every N minutes / hours from the allowed steps.
  await page.getByTestId("schedule-mode-interval").click();
  await expect(page.getByTestId("schedule-interval")).toBeVisible();
  await expect(preview.getByTestId("schedule-description")).toHaveText("Every 15 minutes");

  // Cron mode: the plain-English reading follows the expression; a bad field is explained, not crashed on.
  await page.getByTestId("schedule-mode-cron").click();
  await expect(page.getByRole("radio", { name: "Cron" })).toHaveAttribute("aria-checked", "true");
  const cron = page.getByTestId("schedule-cron-input");
  await cron.fill("61 * * * *");
  await expect(page.getByTestId("schedule-errors")).toContainText('minute "61" is invalid');
  await cron.fill("*/15 * * * *");
  await expect(page.getByTestId("schedule-cron-reading")).toHaveText("Every 15 minutes");
  await expect(preview.getByTestId("schedule-description")).toHaveText("Every 15 minutes");
  await expect(preview.getByTestId("next-fire-times").locator("li")).toHaveCount(5);
  // Saved with a timetable that cannot fire while the test runs (a */15 tick landing mid-test
  // added a second history row and re-rendered the table under an open menu).
  await cron.fill("0 4 1 1 *");
  await expect(page.getByTestId("schedule-cron-reading")).toContainText("January");
  await expect(preview.getByTestId("next-fire-times").locator("li")).toHaveCount(5);
  await page.screenshot({ path: `${ARTIFACTS}/schedule-panel.png` });
  await page.getByTestId("config-panel-close").click();
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved", { timeout: 15_000 });

  // Publish and activate.
  await page.getByTestId("publish-button").click();
  await page.getByTestId("publish-confirm").click();
  await expect(page.getByTestId("publish-dialog")).toBeHidden();
  const activated = await trpc(page.request, "mutation", "automations.setStatus", { id: automationId, status: "ACTIVE" });
  expect(activated.status).toBe(200);

  // The Schedules page lists it with its next fire.
  await page.goto("/schedules");
  const row = page.getByTestId("schedule-row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText("January");
  await expect(row).toContainText("Europe/Berlin");
  await expect(row.getByTestId("schedule-next-fire")).toBeVisible();
  await expect(row.getByTestId("schedule-enabled")).toBeEnabled();

  // Fire now → history shows a manual fire with one run started.
  await row.getByTestId("schedule-actions").click();
  await page.getByTestId("schedule-fire-now").click();
  await expect(page.getByText(/Fired: 1 run started/)).toBeVisible();
  // The list refetches after the fire (its Last column shows it); the menu opens after that
  // re-render. From the keyboard, and again if a re-render closed it: a pointer click while a
  // modal menu is open waits for the page to take pointer events again.
  await expect(row).toContainText("just now");
  const actions = row.getByTestId("schedule-actions");
  const historyItem = page.getByRole("menuitem", { name: /History/ });
  await expect(async () => {
    await page.keyboard.press("Escape");
    await actions.focus();
    await page.keyboard.press("Enter");
    await expect(historyItem).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await historyItem.click();
  const history = page.getByTestId("schedule-history");
  await expect(history.getByTestId("fire-row")).toHaveCount(1);
  await expect(history.getByTestId("fire-row")).toContainText("Fire now");
  await expect(history.getByTestId("history-next-fires").locator("li")).toHaveCount(5);
  await page.screenshot({ path: `${ARTIFACTS}/schedules-history.png` });
  await page.keyboard.press("Escape");

  // The event schedule dialog uses the same widgets, with a live preview.
  await page.getByTestId("new-event-schedule").click();
  const dialog = page.getByTestId("event-schedule-dialog");
  await expect(dialog.getByTestId("weekday-toggles")).toBeVisible();
  await dialog.getByRole("button", { name: "Sunday" }).click();
  const dialogZone = dialog.getByRole("combobox", { name: "Time zone" });
  await expect(dialogZone).toContainText("UTC");
  await dialogZone.click();
  await page.getByPlaceholder("Search time zones…").fill("new york");
  await page.keyboard.press("Enter");
  await expect(dialogZone).toContainText("America/New York");
  const dialogTimes = dialog.getByTestId("es-next-fires").locator("time");
  await expect(dialogTimes).toHaveCount(5);
  for (const text of await dialogTimes.allTextContents()) expect(text).toMatch(/(Mon|Tue|Wed|Thu|Fri|Sun).*09:00 GMT-[45]/);
  await page.screenshot({ path: `${ARTIFACTS}/event-schedule-dialog.png` });
  // Escape closes the dialog (again if the time zone popover, just closing, took the first one).
  await expect(async () => {
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden({ timeout: 1_000 });
  }).toPass({ timeout: 10_000 });

  // A specialist sees the schedule, read-only.
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const spec = await ctx.newPage();
  await signIn(spec, USERS.acmeSpecialist);
  await spec.goto("/schedules");
  const specRow = spec.getByTestId("schedule-row").filter({ hasText: name });
  await expect(specRow).toBeVisible();
  await expect(specRow.getByTestId("schedule-enabled")).toBeDisabled();
  await expect(spec.getByTestId("new-event-schedule")).toHaveCount(0);
  await specRow.getByTestId("schedule-actions").click();
  await expect(spec.getByTestId("schedule-fire-now")).toHaveCount(0);
  await spec.keyboard.press("Escape");
  const scheduleId = await specRow.getAttribute("data-schedule-id");
  const denied = await trpc(spec.request, "mutation", "schedules.fireNow", { id: scheduleId });
  expect(denied.status).toBe(403);
  // …and the trigger's panel on the canvas read-only: the widgets show the values, disabled.
  await spec.goto(`/automations/${automationId}/edit`);
  await spec.getByTestId(`node-${trigger}`).click();
  await expect(spec.getByTestId("panel-readonly")).toBeVisible();
  await expect(spec.getByRole("radio", { name: "Cron" })).toHaveAttribute("aria-checked", "true");
  await expect(spec.getByRole("radio", { name: "Cron" })).toBeDisabled();
  await expect(spec.getByTestId("schedule-cron-input")).toBeDisabled();
  await expect(spec.getByRole("combobox", { name: "Time zone" })).toBeDisabled();
  await expect(spec.getByRole("combobox", { name: "Time zone" })).toContainText("Europe/Berlin");
  await ctx.close();

  // Disable from the page: the next fire disappears.
  await row.getByTestId("schedule-enabled").click();
  await expect(row.getByTestId("schedule-state")).toHaveText("Disabled");
});
