import { test, expect } from "@playwright/test";
import { signIn, USERS } from "./helpers";

/**
 * Settings → API keys end to end: an admin creates a key (name, scopes), copies
 * it from the one-time dialog, calls GET /api/v1/automations with it (200),
 * revokes it with confirmation, and the same call answers 401. A specialist
 * has no API keys tab.
 */

test("admin creates an API key, copies it, uses it against /api/v1, revokes it", async ({ page, context, request }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn(page, USERS.acmeAdmin);
  await page.goto("/settings");
  await page.getByTestId("settings-tab-api-keys").click();
  await expect(page).toHaveURL(/tab=api-keys/);

  const name = `E2E key ${Date.now().toString(36)}`;
  await page.getByTestId("new-api-key").click();
  const dialog = page.getByTestId("create-api-key-dialog");
  await expect(dialog).toBeVisible();
  // Keyboard: the name field has focus; scopes are checkboxes reachable by label.
  await expect(page.getByTestId("api-key-name")).toBeFocused();
  await page.keyboard.type(name);
  await dialog.getByTestId("scope-events:write").click();
  await dialog.getByTestId("create-api-key").click();

  const shown = dialog.getByTestId("new-api-key");
  await expect(shown).toHaveText(/^sy_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{32}$/);
  const key = (await shown.textContent())!.trim();
  await dialog.getByTestId("copy-api-key").click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await dialog.getByTestId("api-key-done").click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText(key.slice(0, 11));
  await expect(row).not.toContainText(key);
  await expect(row).toContainText("automations:read");
  await expect(row).toContainText("events:write");

  const ok = await request.get("/api/v1/automations", { headers: { authorization: `Bearer ${key}` } });
  expect(ok.status()).toBe(200);
  expect(((await ok.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);

  await row.getByTestId("revoke-api-key").click();
  const confirm = page.getByTestId("revoke-api-key-dialog");
  await expect(confirm).toContainText(name);
  await confirm.getByTestId("confirm-revoke-api-key").click();
  await expect(confirm).toBeHidden();
  await expect(row.getByTestId("api-key-state")).toHaveText("Revoked");

  const refused = await request.get("/api/v1/automations", { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBeTruthy();
});

test("a specialist has no API keys tab, and ?tab=api-keys shows General", async ({ page }) => {
  await signIn(page, USERS.acmeSpecialist);
  await page.goto("/settings?tab=api-keys");
  await expect(page.getByTestId("settings-tab-general")).toBeVisible();
  await expect(page.getByTestId("settings-tab-api-keys")).toHaveCount(0);
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
});

test("the API reference renders the OpenAPI document offline: tags, scopes, parameters, schemas, curl", async ({ page }) => {
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("http://127.0.0.1:")) foreign.push(r.url());
  });
  await signIn(page, USERS.acmeAdmin);
  await page.goto("/settings?tab=api-keys");
  await page.getByTestId("api-reference-link").click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
  const doc = (await (await page.request.get("/api/v1/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  const count = Object.values(doc.paths).reduce((n, m) => n + Object.keys(m).length, 0);
  await expect(page.getByTestId("api-operation")).toHaveCount(count);
  const op = page.locator("#getAutomation");
  await expect(op).toContainText("/automations/{automation_id}");
  await expect(op).toContainText("automations:read");
  await expect(op).toContainText("automation_id");
  await expect(op).toContainText("curl -X GET");
  await expect(page.locator("#emitEvent")).toContainText("event_type");
  await page.locator("#emitEvent").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "/tmp/api-reference.png" });
  expect(foreign).toEqual([]);
});
