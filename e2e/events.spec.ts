import { test, expect } from "@playwright/test";
import { ARTIFACTS, signIn, trpc, USERS } from "./helpers";

/**
 * Events end to end: an automation with an event trigger (set up through the
 * API), its trigger panel on the canvas (type, filter, sample payload feeding
 * the variable picker), an admin emitting a matching event from the Events
 * page, the event detail listing the run it started, and the run itself; a
 * specialist sees the page read-only.
 */

type Envelope<T> = { result: { data: { json: T } } };
const data = <T>(body: unknown) => (body as Envelope<T>).result.data.json;

test("emit an event from the Events page and follow it to the run it started", async ({ page }) => {
  const marker = `e2e-${Date.now()}`;
  await signIn(page, USERS.acmeAdmin);

  const created = await trpc(page.request, "mutation", "automations.create", { name: `Booking follow-up ${marker}` });
  expect(created.status).toBe(200);
  const automation = data<{ id: string; draftRevision: number }>(created.body);
  const graph = {
    nodes: [
      { id: "trigger", type: "event", name: "Booking", config: { eventType: "booking_created", filters: { source_id: marker }, sampleData: {} }, position: { x: 0, y: 0 } },
      { id: "remember", type: "set_variables", name: "Remember", config: { variables: [{ key: "title", value: "{{trigger.booking.title}}" }] }, position: { x: 0, y: 160 } },
    ],
    edges: [{ id: "e1", source: "trigger", sourceHandle: "next", target: "remember" }],
  };
  expect((await trpc(page.request, "mutation", "automations.saveDraft", { id: automation.id, baseRevision: automation.draftRevision, graph })).status).toBe(200);
  expect((await trpc(page.request, "mutation", "versions.publish", { automationId: automation.id, note: "event trigger" })).status).toBe(200);
  expect((await trpc(page.request, "mutation", "automations.setStatus", { id: automation.id, status: "ACTIVE" })).status).toBe(200);

  // The trigger panel: type, filter, sample payload; the sample feeds the variable picker of the next step.
  await page.goto(`/automations/${automation.id}/edit`);
  await page.getByTestId("node-trigger").click();
  await expect(page.getByTestId("event-trigger-form")).toBeVisible();
  await expect(page.getByTestId("event-type-select")).toContainText("Booking created");
  await expect(page.getByTestId("event-filter-source_id")).toHaveValue(marker);
  await expect(page.getByTestId("event-sample")).toContainText("booking");
  await page.screenshot({ path: `${ARTIFACTS}/events-trigger-panel.png` });
  await page.getByTestId("config-panel-close").click();
  await page.getByTestId("node-remember").click();
  await page.getByTestId("var-picker-variables.0.value").click();
  await expect(page.getByTestId("variable-option-trigger.booking.title")).toBeVisible();
  await page.keyboard.press("Escape");

  // Emit from the Events page.
  await page.getByTestId("nav-events").click();
  await expect(page).toHaveURL(/\/events$/);
  await page.getByTestId("emit-event-button").click();
  const dialog = page.getByTestId("emit-event-dialog");
  await dialog.getByTestId("event-type-select").click();
  await page.getByTestId("event-type-option-booking_created").click();
  await expect(dialog.getByTestId("emit-event-data")).toHaveValue(/"booking"/);
  const payload = { source_id: marker, booking: { id: "bk_1", title: `Demo ${marker}` } };
  await dialog.getByTestId("emit-event-data").fill(JSON.stringify(payload, null, 2));
  await dialog.getByTestId("emit-event-submit").click();

  await expect(page).toHaveURL(/\/events\/[^/]+$/);
  await expect(page.getByTestId("event-title")).toHaveText("Booking created");
  const runRow = page.getByTestId("event-run-row");
  await expect(runRow).toHaveCount(1);
  await expect(runRow).toContainText(`Booking follow-up ${marker}`);
  await expect(runRow).toContainText(/Completed/i, { timeout: 20_000 });
  await expect(page.getByTestId("event-data")).toContainText(marker);
  await page.screenshot({ path: `${ARTIFACTS}/events-detail.png` });

  // The list shows the event with its run; the run page shows the event data as trigger data.
  await page.getByRole("link", { name: "Events" }).first().click();
  const row = page.getByTestId("event-row").first();
  await expect(row).toContainText("Booking created");
  await expect(row.getByTestId("event-run-link")).toContainText(`Booking follow-up ${marker}`);
  await page.screenshot({ path: `${ARTIFACTS}/events-list.png` });
  await row.getByTestId("event-run-link").click();
  await expect(page).toHaveURL(/\/runs\/[^/]+$/);
  await expect(page.getByText(`Demo ${marker}`).first()).toBeVisible();

  // A second emit with a non-matching filter value starts nothing.
  const miss = await trpc(page.request, "mutation", "events.emit", { event_type: "booking_created", data: { source_id: `${marker}-other` } });
  expect(miss.status).toBe(200);
  expect(data<{ event: { runCount: number } }>(miss.body).event.runCount).toBe(0);
});

test("a specialist sees events read-only and cannot emit", async ({ page }) => {
  await signIn(page, USERS.acmeSpecialist);
  await page.goto("/events");
  await expect(page.getByRole("heading", { name: "Events" })).toBeVisible();
  await expect(page.getByTestId("emit-event-button")).toHaveCount(0);
  const res = await trpc(page.request, "mutation", "events.emit", { event_type: "booking_created", data: {} });
  expect(res.status).toBe(403);
});
