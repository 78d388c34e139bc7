import { expect, test } from "@playwright/test";
import { signIn, USERS } from "./helpers";

/**
 * Hydration on a slow client. React hydrates a page's Suspense boundary after the shell; when
 * the shell's own queries came back first, the boundary rendered with data against the
 * server's skeleton HTML (React error #418, then a client re-render that swallowed early
 * clicks). A 6× CPU slowdown makes that ordering the usual one: before the fix /settings
 * failed on most loads here.
 */
test("signed-in pages hydrate without mismatches on a slow CPU", async ({ page, context }) => {
  test.setTimeout(120_000);
  await signIn(page, USERS.acmeAdmin);
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(`${page.url()}: ${err.message.slice(0, 200)}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  for (const path of ["/settings", "/settings?tab=members", "/automations", "/runs", "/settings"]) {
    await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
    // the shell's queries settle and the page's boundaries hydrate (pages hold an SSE stream open: no networkidle)
    await page.waitForTimeout(1_500);
  }
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  expect(errors).toEqual([]);
});
