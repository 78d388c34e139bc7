import { test, expect } from "@playwright/test";
import { signIn, trpc, USERS, ARTIFACTS } from "./helpers";

test.describe("sign-in and automations list", () => {
  test("wrong password shows a generic error", async ({ page }) => {
    await page.goto("/login");
    await page.locator("#email").fill(USERS.acmeAdmin.email);
    await page.locator("#password").fill("not-the-password");
    await page.getByTestId("sign-in").click();
    await expect(page.getByTestId("login-error")).toContainText("Email or password is incorrect");
    await page.locator("#email").fill("nobody@acme.test");
    await page.locator("#password").fill("whatever-123");
    await page.getByTestId("sign-in").click();
    await expect(page.getByTestId("login-error")).toContainText("Email or password is incorrect");
    await expect(page).toHaveURL(/\/login/);
  });

  test("admin creates, renames and archives an automation", async ({ page }) => {
    await signIn(page, USERS.acmeAdmin);
    await expect(page.getByTestId("automations-table")).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}/automations-list-light.png`, fullPage: true });

    const name = `E2E pipeline ${Date.now()}`;
    await page.getByTestId("new-automation").click();
    await page.getByTestId("automation-name-input").fill(name);
    await page.getByTestId("automation-description-input").fill("Created by Playwright");
    await page.getByTestId("create-automation-submit").click();
    await expect(page).toHaveURL(/\/automations\/[^/]+\/edit/);

    await page.goto("/automations");
    const row = page.getByTestId("automation-row").filter({ hasText: name });
    await expect(row).toHaveCount(1);

    await row.getByTestId("row-actions").click();
    await page.getByTestId("rename-automation").click();
    const renamed = `${name} (renamed)`;
    await page.getByTestId("rename-input").fill(renamed);
    await page.getByTestId("confirm-rename").click();
    const renamedRow = page.getByTestId("automation-row").filter({ hasText: renamed });
    await expect(renamedRow).toHaveCount(1);

    await renamedRow.getByTestId("row-actions").click();
    await page.getByTestId("archive-automation").click();
    await page.getByTestId("confirm-archive").click();
    await expect(page.getByTestId("automation-row").filter({ hasText: renamed })).toHaveCount(0);

    await page.getByTestId("filter-archived").click();
    await expect(page.getByTestId("automation-row").filter({ hasText: renamed })).toHaveCount(1);

    // Survives a reload: it was persisted, not just removed from the client cache.
    await page.reload();
    await expect(page.getByTestId("automation-row").filter({ hasText: renamed })).toHaveCount(1);
  });

  test("specialist sees the list without mutating controls and the API refuses mutations", async ({ page }) => {
    await signIn(page, USERS.acmeSpecialist);
    await expect(page.getByTestId("automation-row").first()).toBeVisible();
    await expect(page.getByTestId("new-automation")).toHaveCount(0);
    await expect(page.getByTestId("rename-automation")).toHaveCount(0);
    await expect(page.getByTestId("archive-automation")).toHaveCount(0);

    const list = await trpc(page.request, "query", "automations.list", {});
    expect(list.status).toBe(200);
    const items = (list.body as { result: { data: { json: { id: string; name: string }[] } } }).result.data.json;
    expect(items.length).toBeGreaterThan(0);
    const target = items[0]!;

    for (const [path, input] of [
      ["automations.create", { name: "Should not exist" }],
      ["automations.rename", { id: target.id, name: "Hijacked" }],
      ["automations.archive", { id: target.id }],
    ] as const) {
      const res = await trpc(page.request, "mutation", path, input);
      expect(res.status, path).toBe(403);
    }
    const after = await trpc(page.request, "query", "automations.get", { id: target.id });
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.body)).toContain(target.name);

    // Settings → Members lists everyone in the workspace with their role.
    await page.goto("/settings");
    await page.getByTestId("settings-tab-members").click();
    await expect(page.getByTestId("member-row")).toHaveCount(2);
    await expect(page.getByTestId("members-list")).toContainText("admin@acme.test");
    await expect(page.getByTestId("members-list")).toContainText("specialist@acme.test");
  });

  test("Globex admin cannot see an Acme automation by URL or API", async ({ browser }) => {
    const acme = await browser.newContext();
    const acmePage = await acme.newPage();
    await signIn(acmePage, USERS.acmeAdmin);
    const list = await trpc(acmePage.request, "query", "automations.list", {});
    const acmeId = (list.body as { result: { data: { json: { id: string }[] } } }).result.data.json[0]!.id;
    await acme.close();

    const globex = await browser.newContext();
    const page = await globex.newPage();
    await signIn(page, USERS.globexAdmin);
    const res = await trpc(page.request, "query", "automations.get", { id: acmeId });
    expect(res.status).toBe(404);
    const rename = await trpc(page.request, "mutation", "automations.rename", { id: acmeId, name: "pwned" });
    expect(rename.status).toBe(404);

    await page.goto(`/automations/${acmeId}/edit`);
    await expect(page.getByText(/not found/i).first()).toBeVisible();
    await globex.close();
  });

  test("signed-out visitors are sent to the login page", async ({ page }) => {
    await page.goto("/automations");
    await expect(page).toHaveURL(/\/login/);
    const res = await trpc(page.request, "query", "automations.list", {});
    expect(res.status).toBe(401);
  });
});
