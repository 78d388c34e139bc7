import { expect, type Page, type APIRequestContext } from "@playwright/test";

export const USERS = {
  acmeAdmin: { email: "admin@acme.test", password: "admin123!" },
  acmeSpecialist: { email: "specialist@acme.test", password: "specialist123!" },
  globexAdmin: { email: "admin@globex.test", password: "admin123!" },
} as const;

export async function signIn(page: Page, user: { email: string; password: string }) {
  await page.goto("/login");
  await page.locator("#email").fill(user.email);
  await page.locator("#password").fill(user.password);
  await page.getByTestId("sign-in").click();
  await expect(page).toHaveURL(/\/automations/);
}

/** Calls a tRPC procedure over HTTP with the page's session cookies (superjson envelope). */
export async function trpc(
  request: APIRequestContext,
  kind: "query" | "mutation",
  path: string,
  input: unknown,
): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify({ json: input });
  const res =
    kind === "query"
      ? await request.get(`/api/trpc/${path}?input=${encodeURIComponent(payload)}`)
      : await request.post(`/api/trpc/${path}`, { data: payload, headers: { "content-type": "application/json" } });
  return { status: res.status(), body: await res.json().catch(() => null) };
}

export const ARTIFACTS = "e2e/artifacts";
