import { test, expect } from "@playwright/test";
import { ARTIFACTS, dropFromPalette, signIn, trpc, USERS } from "./helpers";

/**
 * Schedules end to end: give an automation a Schedule trigger on the canvas,
 * see the human description and the next fire times update as the timetable
 * changes, publish and activate it, then find it on the Schedules page with its
 * next fire and history; a specialist sees the page read-only.
 */

test.use({ viewport: { width: 1680, height: 1000 } });

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

  // Change the time zone and the time: description and times update live, in the chosen zone.
  await page.getByTestId("field-timezone").fill("Europe/Berlin");
  await page.getByTestId("field-time").fill("07:30");
  await expect(preview.getByTestId("schedule-cron")).toHaveText("30 7 * * 1-5");
  await expect(preview.getByTestId("schedule-description")).toHaveText("At 07:30, Monday through Friday");
  const times = preview.getByTestId("next-fire-times").locator("time");
  await expect(times).toHaveCount(5);
  for (const text of await times.allTextContents()) expect(text).toMatch(/(Mon|Tue|Wed|Thu|Fri).*07:30 CES?T/);

  // An unknown zone is explained, not crashed on.
  await page.getByTestId("field-timezone").fill("Mars/Olympus_Mons");
  await expect(page.getByTestId("schedule-errors")).toContainText("is not an IANA time zone");
  await page.getByTestId("field-timezone").fill("Europe/Berlin");

  // Cron mode: every 15 minutes.
  await page.getByTestId("field-mode").click();
  await page.getByTestId("option-mode-cron").click();
  await page.getByTestId("field-cron").fill("*/15 * * * *");
  await expect(preview.getByTestId("schedule-description")).toHaveText("Every 15 minutes");
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
  await expect(row).toContainText("Every 15 minutes");
  await expect(row).toContainText("Europe/Berlin");
  await expect(row.getByTestId("schedule-next-fire")).toBeVisible();
  await expect(row.getByTestId("schedule-enabled")).toBeEnabled();

  // Fire now → history shows a manual fire with one run started.
  await row.getByTestId("schedule-actions").click();
  await page.getByTestId("schedule-fire-now").click();
  await expect(page.getByText(/Fired: 1 run started/)).toBeVisible();
  await row.getByTestId("schedule-actions").click();
  await page.getByRole("menuitem", { name: /History/ }).click();
  const history = page.getByTestId("schedule-history");
  await expect(history.getByTestId("fire-row")).toHaveCount(1);
  await expect(history.getByTestId("fire-row")).toContainText("Fire now");
  await expect(history.getByTestId("history-next-fires").locator("li")).toHaveCount(5);
  await page.screenshot({ path: `${ARTIFACTS}/schedules-history.png` });
  await page.keyboard.press("Escape");

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
  await ctx.close();

  // Disable from the page: the next fire disappears.
  await row.getByTestId("schedule-enabled").click();
  await expect(row.getByTestId("schedule-state")).toHaveText("Disabled");
});
