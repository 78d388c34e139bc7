import { expect, type Page, type APIRequestContext, type Locator } from "@playwright/test";

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

/** The node id of a canvas node locator (its data-testid is "node-<id>"). */
export async function nodeIdOf(node: Locator): Promise<string> {
  const testId = await node.getAttribute("data-testid");
  expect(testId).toMatch(/^node-/);
  return testId!.slice("node-".length);
}

/** Drags a node type from the palette onto the canvas at (x, y); returns the new node's id. `deselect` presses Escape afterwards (keeps the canvas wide). */
export async function dropFromPalette(page: Page, type: string, x: number, y: number, opts: { deselect?: boolean } = {}): Promise<string> {
  const before = await page.locator(`[data-node-type="${type}"]`).count();
  await page.getByTestId(`palette-item-${type}`).dragTo(page.getByTestId("canvas"), { targetPosition: { x, y } });
  const nodes = page.locator(`[data-node-type="${type}"]`);
  await expect(nodes).toHaveCount(before + 1);
  const id = await nodeIdOf(nodes.nth(before));
  if (opts.deselect) await page.keyboard.press("Escape");
  return id;
}
