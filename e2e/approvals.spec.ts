import path from "node:path";
import Database from "better-sqlite3";
import { test, expect, type APIRequestContext, type Browser } from "@playwright/test";
import { ARTIFACTS, signIn, trpc, USERS } from "./helpers";

/**
 * Human in the loop end to end: a run pauses at an approval; the link is read
 * from the outbox (no SMTP_URL in e2e) and opened without a session; the person
 * sees the details, approves with a comment and the run continues on the
 * approved branch. A form link filled in shows its values in the step output.
 * An expired link shows the expired page. Screenshots of the public pages at
 * desktop and phone width, light and dark; the inbox with the history.
 */

type Envelope<T> = { result: { data: { json: T } } };
const data = <T>(body: unknown) => (body as Envelope<T>).result.data.json;
// The e2e server's database (scripts/e2e-server.mjs: one directory per E2E_PORT).
const E2E_PORT = process.env.E2E_PORT ?? "3200";
const DB_FILE = path.join(process.cwd(), "data", E2E_PORT === "3200" ? "e2e" : `e2e-${E2E_PORT}`, "switchyard.db");

async function startAutomation(request: APIRequestContext, name: string, nodes: unknown[], edges: unknown[], testData: Record<string, unknown>): Promise<string> {
  const created = await trpc(request, "mutation", "automations.create", { name });
  expect(created.status).toBe(200);
  const a = data<{ id: string; draftRevision: number }>(created.body);
  const saved = await trpc(request, "mutation", "automations.saveDraft", { id: a.id, baseRevision: a.draftRevision, graph: { nodes, edges } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect((await trpc(request, "mutation", "versions.publish", { automationId: a.id, note: "e2e" })).status).toBe(200);
  expect((await trpc(request, "mutation", "automations.setStatus", { id: a.id, status: "ACTIVE" })).status).toBe(200);
  const run = await trpc(request, "mutation", "runs.trigger", { automationId: a.id, testData });
  expect(run.status, JSON.stringify(run.body)).toBe(200);
  return data<{ runId: string }>(run.body).runId;
}

async function runStatus(request: APIRequestContext, runId: string): Promise<string> {
  return data<{ status: string }>((await trpc(request, "query", "runs.get", { runId })).body).status;
}

/** The link in the email sent to `to` for this run (outbox). */
async function linkFromOutbox(request: APIRequestContext, runId: string, to: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(async () => {
      const list = data<{ items: Array<{ id: string; to: string }> }>((await trpc(request, "query", "outbox.list", { runId })).body);
      id = list.items.find((m) => m.to.includes(to))?.id;
      return id ?? null;
    }, { timeout: 20_000 })
    .not.toBeNull();
  const mail = data<{ text: string }>((await trpc(request, "query", "outbox.get", { id })).body);
  const link = /https?:\/\/\S+\/approve\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
  expect(link, mail.text).toBeTruthy();
  return link!;
}

async function shoot(browser: Browser, url: string, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    for (const [label, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]] as const) {
      const ctx = await browser.newContext({ viewport, colorScheme: scheme });
      const p = await ctx.newPage();
      const res = await p.goto(url);
      expect(res?.status()).toBeLessThan(500);
      // no horizontal scrolling at phone width
      expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await p.screenshot({ path: `${ARTIFACTS}/${name}-${label}-${scheme}.png`, fullPage: true });
      await ctx.close();
    }
  }
}

const node = (id: string, type: string, name: string, config: Record<string, unknown>, y: number) => ({ id, type, name, config, position: { x: 0, y } });

test("a run pauses at an approval; the approver opens the emailed link without a session, approves with a comment, the run takes the approved branch", async ({ page, browser }) => {
  await signIn(page, USERS.acmeAdmin);
  const marker = Date.now();
  const runId = await startAutomation(
    page.request,
    `Spend approval ${marker}`,
    [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0),
      node("approve", "approval", "Approve spend", {
        approverEmails: "finance@example.com", approverRoles: [], title: "Approve {{trigger.amount}} EUR for {{trigger.vendor}}",
        message: "Quarterly licence renewal. Please check the amount.", details: [{ key: "Vendor", value: "{{trigger.vendor}}" }, { key: "Amount", value: "{{trigger.amount}} EUR" }],
      }, 160),
      node("ok", "set_variables", "Approved", { variables: [{ key: "branch", value: "approved" }] }, 320),
      node("no", "set_variables", "Rejected", { variables: [{ key: "branch", value: "rejected" }] }, 320),
    ],
    [
      { id: "e1", source: "trigger", sourceHandle: "next", target: "approve" },
      { id: "e2", source: "approve", sourceHandle: "approved", target: "ok" },
      { id: "e3", source: "approve", sourceHandle: "rejected", target: "no" },
    ],
    { amount: 1200, vendor: "Initech" },
  );
  await expect.poll(() => runStatus(page.request, runId), { timeout: 20_000 }).toBe("PAUSED");
  const link = await linkFromOutbox(page.request, runId, "finance@example.com");

  // The inbox lists it (admin is not an approver here: read-only).
  await page.goto("/approvals");
  await expect(page.getByTestId("approval-row").filter({ hasText: "Approve 1200 EUR for Initech" }).filter({ hasText: `Spend approval ${marker}` })).toBeVisible();

  await shoot(browser, link, "approval-page");
  // A visitor without a session: GET shows the request and changes nothing.
  const anon = await browser.newContext();
  const p = await anon.newPage();
  const res = await p.goto(link);
  expect(res?.status()).toBe(200);
  await expect(p.getByTestId("callback-title")).toHaveText("Approve 1200 EUR for Initech");
  await expect(p.getByTestId("callback-details")).toContainText("Initech");
  await expect(p.getByTestId("callback-details")).toContainText("1200 EUR");
  await expect(p.getByText(`Spend approval ${marker}`)).toBeVisible();
  expect(await runStatus(page.request, runId)).toBe("PAUSED");
  // Keyboard: the comment box, then Approve.
  await p.getByLabel("Comment").fill("Matches the contract.");
  await p.getByTestId("callback-approve").focus();
  await p.keyboard.press("Enter");
  await expect(p.getByTestId("callback-title")).toHaveText("You approved this request");
  await p.screenshot({ path: `${ARTIFACTS}/approval-page-decided.png` });
  // The link works once.
  const again = await p.goto(link);
  expect(again?.status()).toBe(410);
  await expect(p.getByTestId("callback-title")).toHaveText("This link was already used");
  await anon.close();

  await expect.poll(() => runStatus(page.request, runId), { timeout: 20_000 }).toBe("COMPLETED");
  const steps = data<{ items: Array<{ nodeId: string; status: string; handle: string | null }> }>((await trpc(page.request, "query", "runs.steps", { runId })).body).items;
  expect(steps.find((s) => s.nodeId === "approve" && s.status === "SUCCEEDED")?.handle).toBe("approved");
  expect(steps.some((s) => s.nodeId === "ok" && s.status === "SUCCEEDED")).toBe(true);
  expect(steps.some((s) => s.nodeId === "no")).toBe(false);

  // History in the inbox: who, channel, comment.
  await page.goto("/approvals?tab=history");
  await page.getByTestId("approval-row").filter({ hasText: "Approve 1200 EUR for Initech" }).filter({ hasText: `Spend approval ${marker}` }).click();
  const history = page.getByTestId("approval-history");
  await expect(history).toContainText("finance@example.com");
  await expect(history).toContainText("Email link");
  await expect(history).toContainText("Matches the contract.");
  await page.screenshot({ path: `${ARTIFACTS}/approvals-inbox-history.png` });
});

test("a form link filled in: the values become the step output; invalid input shows field errors", async ({ page, browser }) => {
  await signIn(page, USERS.acmeAdmin);
  const runId = await startAutomation(
    page.request,
    `Onboarding form ${Date.now()}`,
    [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0),
      node("intake", "form", "Intake", {
        approverEmails: "customer@example.com", approverRoles: [], title: "Tell us about {{trigger.company}}",
        fields: [
          { name: "contact", label: "Contact email", type: "email", required: true },
          { name: "seats", label: "Seats", type: "number", required: true, min: 1, max: 500 },
          { name: "plan", label: "Plan", type: "select", options: ["Starter", "Pro"], required: true },
          { name: "start", label: "Start date", type: "date" },
          { name: "terms", label: "I accept the terms", type: "checkbox", required: true },
          { name: "notes", label: "Anything else?", type: "long_text" },
        ],
      }, 160),
    ],
    [{ id: "e1", source: "trigger", sourceHandle: "next", target: "intake" }],
    { company: "Initech" },
  );
  await expect.poll(() => runStatus(page.request, runId), { timeout: 20_000 }).toBe("PAUSED");
  const link = await linkFromOutbox(page.request, runId, "customer@example.com");
  await shoot(browser, link, "form-page");

  const anon = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const p = await anon.newPage();
  await p.goto(link);
  await expect(p.getByTestId("callback-title")).toHaveText("Tell us about Initech");
  await p.getByLabel("Contact email").fill("not-an-email");
  await p.getByLabel("Seats").fill("900");
  await p.getByTestId("callback-submit").click();
  await expect(p.getByTestId("callback-errors")).toBeVisible();
  await expect(p.getByText("Contact email must be an email address")).toBeVisible();
  await expect(p.getByText("Seats must be at most 500")).toBeVisible();
  await p.screenshot({ path: `${ARTIFACTS}/form-page-errors-phone.png`, fullPage: true });
  expect(await runStatus(page.request, runId)).toBe("PAUSED");

  await p.getByLabel("Contact email").fill("ops@initech.test");
  await p.getByLabel("Seats").fill("25");
  await p.getByLabel("Plan").selectOption("Pro");
  await p.getByLabel("Start date").fill("2027-01-04");
  await p.getByLabel("I accept the terms").check();
  await p.getByLabel("Anything else?").fill("Billing via PO.");
  await p.getByTestId("callback-submit").click();
  await expect(p.getByTestId("callback-title")).toHaveText("Form submitted");
  await anon.close();

  await expect.poll(() => runStatus(page.request, runId), { timeout: 20_000 }).toBe("COMPLETED");
  const steps = data<{ items: Array<{ id: string; nodeId: string; status: string }> }>((await trpc(page.request, "query", "runs.steps", { runId })).body).items;
  const intake = steps.find((s) => s.nodeId === "intake" && s.status === "SUCCEEDED")!;
  const step = JSON.stringify((await trpc(page.request, "query", "runs.step", { runId, stepId: intake.id })).body);
  for (const v of ['"contact":"ops@initech.test"', '"seats":25', '"plan":"Pro"', '"start":"2027-01-04"', '"terms":true', '"notes":"Billing via PO."']) expect(step).toContain(v);
  await page.goto(`/runs/${runId}`);
  await expect(page.getByText("ops@initech.test").first()).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: `${ARTIFACTS}/form-run-output.png` });
});

test("an expired link shows the expired page (410) and the run takes the expired branch", async ({ page, browser }) => {
  await signIn(page, USERS.acmeAdmin);
  const runId = await startAutomation(
    page.request,
    `Expiring approval ${Date.now()}`,
    [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0),
      node("approve", "approval", "Approve", { approverEmails: "late@example.com", approverRoles: [], onExpiry: "expired" }, 160),
      node("late", "set_variables", "Expired", { variables: [{ key: "branch", value: "expired" }] }, 320),
    ],
    [
      { id: "e1", source: "trigger", sourceHandle: "next", target: "approve" },
      { id: "e2", source: "approve", sourceHandle: "expired", target: "late" },
    ],
    {},
  );
  await expect.poll(() => runStatus(page.request, runId), { timeout: 20_000 }).toBe("PAUSED");
  const link = await linkFromOutbox(page.request, runId, "late@example.com");
  // Let the request's time run out (the server's clock is real: move its deadline into the past).
  const db = new Database(DB_FILE);
  try {
    db.prepare(`UPDATE "ApprovalRequest" SET "expiresAt" = ? WHERE "runId" = ?`).run("2020-01-01T00:00:00.000+00:00", runId);
  } finally {
    db.close();
  }
  const anon = await browser.newContext();
  const p = await anon.newPage();
  const res = await p.goto(link);
  expect(res?.status()).toBe(410);
  await expect(p.getByTestId("callback-title")).toHaveText("This link has expired");
  await anon.close();
  await shoot(browser, link, "expired-page");
  await expect.poll(() => runStatus(page.request, runId), { timeout: 20_000 }).toBe("COMPLETED");
  const steps = data<{ items: Array<{ nodeId: string; status: string; handle: string | null }> }>((await trpc(page.request, "query", "runs.steps", { runId })).body).items;
  expect(steps.find((s) => s.nodeId === "approve" && s.status === "SUCCEEDED")?.handle).toBe("expired");
  expect(steps.some((s) => s.nodeId === "late" && s.status === "SUCCEEDED")).toBe(true);
  const unknown = await page.request.get("/approve/" + "Q".repeat(43));
  expect(unknown.status()).toBe(404);
});

test("an approval for the ADMIN role: a specialist sees it read-only, the admin approves in the inbox and the run continues", async ({ page, browser }) => {
  await signIn(page, USERS.acmeAdmin);
  const marker = Date.now();
  const title = `Grant production access ${marker}`;
  const runId = await startAutomation(
    page.request,
    `Access approval ${marker}`,
    [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0),
      node("approve", "approval", "Approve access", { approverEmails: "", approverRoles: ["ADMIN"], approvalsNeeded: "one", title }, 160),
      node("ok", "set_variables", "Approved", { variables: [{ key: "branch", value: "approved" }] }, 320),
      node("no", "set_variables", "Rejected", { variables: [{ key: "branch", value: "rejected" }] }, 320),
    ],
    [
      { id: "e1", source: "trigger", sourceHandle: "next", target: "approve" },
      { id: "e2", source: "approve", sourceHandle: "approved", target: "ok" },
      { id: "e3", source: "approve", sourceHandle: "rejected", target: "no" },
    ],
    {},
  );
  await expect.poll(() => runStatus(page.request, runId), { timeout: 20_000 }).toBe("PAUSED");

  // The specialist: the request is listed, read-only, and the run page offers no Resume.
  const spec = await browser.newContext();
  const sp = await spec.newPage();
  await signIn(sp, USERS.acmeSpecialist);
  await sp.goto("/approvals");
  const specRow = sp.getByTestId("approval-row").filter({ hasText: title });
  await expect(specRow).toBeVisible();
  await specRow.click();
  await expect(sp.getByTestId("approval-readonly")).toBeVisible();
  await expect(sp.getByTestId("approval-approve")).toHaveCount(0);
  await sp.goto(`/runs/${runId}`);
  await expect(sp.getByTestId("run-paused")).toBeVisible();
  await expect(sp.getByTestId("resume-run")).toHaveCount(0);
  await spec.close();

  // The admin is an approver: decides in the inbox.
  await page.goto("/approvals");
  const row = page.getByTestId("approval-row").filter({ hasText: title });
  await expect(row).toBeVisible();
  await row.click();
  const sheet = page.getByTestId("approval-sheet");
  await sheet.getByTestId("approval-comment").fill("Granted for the quarterly audit.");
  await sheet.getByTestId("approval-approve").click();
  await expect(sheet.getByTestId("approval-status")).toHaveText("Approved");
  await expect(sheet.getByTestId("approval-history")).toContainText("In-app");
  await expect(sheet.getByTestId("approval-history")).toContainText("Granted for the quarterly audit.");
  await page.screenshot({ path: `${ARTIFACTS}/approvals-inbox-admin-approved.png` });

  await expect.poll(() => runStatus(page.request, runId), { timeout: 20_000 }).toBe("COMPLETED");
  const steps = data<{ items: Array<{ nodeId: string; status: string; handle: string | null }> }>((await trpc(page.request, "query", "runs.steps", { runId })).body).items;
  expect(steps.find((s) => s.nodeId === "approve" && s.status === "SUCCEEDED")?.handle).toBe("approved");
  expect(steps.some((s) => s.nodeId === "ok" && s.status === "SUCCEEDED")).toBe(true);
  expect(steps.some((s) => s.nodeId === "no")).toBe(false);
});

test("an admin resumes paused runs from the run page (Resume…): rejects an approval by keyboard; submits a form's values as JSON", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const marker = Date.now();
  const runId = await startAutomation(
    page.request,
    `Vendor approval ${marker}`,
    [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0),
      node("approve", "approval", "Approve vendor", { approverEmails: "outside@example.com", approverRoles: [], title: `Onboard vendor ${marker}` }, 160),
      node("ok", "set_variables", "Approved", { variables: [{ key: "branch", value: "approved" }] }, 320),
      node("no", "set_variables", "Rejected", { variables: [{ key: "branch", value: "rejected" }] }, 320),
    ],
    [
      { id: "e1", source: "trigger", sourceHandle: "next", target: "approve" },
      { id: "e2", source: "approve", sourceHandle: "approved", target: "ok" },
      { id: "e3", source: "approve", sourceHandle: "rejected", target: "no" },
    ],
    {},
  );
  await expect.poll(() => runStatus(page.request, runId), { timeout: 20_000 }).toBe("PAUSED");
  await page.goto(`/runs/${runId}`);
  const open = page.getByTestId("resume-run");
  await expect(open).toBeVisible();
  await open.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByTestId("resume-run-dialog");
  await expect(dialog).toContainText(`It waits on the approval “Onboard vendor ${marker}”`);
  await expect(dialog.getByTestId("resume-decision-approve")).toBeChecked();
  await dialog.getByTestId("resume-decision-approve").focus();
  await page.keyboard.press("ArrowDown");
  await expect(dialog.getByTestId("resume-decision-reject")).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(dialog.getByLabel("Comment")).toBeFocused();
  await page.keyboard.type("Budget frozen until Q3.");
  await page.screenshot({ path: `${ARTIFACTS}/run-resume-dialog.png` });
  await dialog.getByTestId("confirm-resume-run").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Run resumed")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect.poll(() => runStatus(page.request, runId), { timeout: 20_000 }).toBe("COMPLETED");
  const steps = data<{ items: Array<{ nodeId: string; status: string; handle: string | null }> }>((await trpc(page.request, "query", "runs.steps", { runId })).body).items;
  expect(steps.find((s) => s.nodeId === "approve" && s.status === "SUCCEEDED")?.handle).toBe("rejected");
  expect(steps.some((s) => s.nodeId === "no" && s.status === "SUCCEEDED")).toBe(true);
  await expect(page.getByTestId("resume-run")).toHaveCount(0);

  // A form: the values as JSON, validated like the form.
  const formRun = await startAutomation(
    page.request,
    `Resume form ${marker}`,
    [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0),
      node("intake", "form", "Intake", {
        approverEmails: "client@example.com", approverRoles: [], title: `Intake ${marker}`,
        fields: [{ name: "seats", label: "Seats", type: "number", required: true, min: 1, max: 50 }],
      }, 160),
    ],
    [{ id: "e1", source: "trigger", sourceHandle: "next", target: "intake" }],
    {},
  );
  await expect.poll(() => runStatus(page.request, formRun), { timeout: 20_000 }).toBe("PAUSED");
  await page.goto(`/runs/${formRun}`);
  await page.getByTestId("resume-run").click();
  const formDialog = page.getByTestId("resume-run-dialog");
  const json = formDialog.getByTestId("resume-data");
  await expect(json).toHaveValue(/"seats"/);
  await json.fill("{ not json");
  await formDialog.getByTestId("confirm-resume-run").click();
  await expect(formDialog.getByText(/Not valid JSON/)).toBeVisible();
  await json.fill('{ "seats": 900 }');
  await formDialog.getByTestId("confirm-resume-run").click();
  await expect(formDialog.getByText(/seats: must be at most 50|seats:/)).toBeVisible();
  expect(await runStatus(page.request, formRun)).toBe("PAUSED");
  await json.fill('{ "seats": 12 }');
  await formDialog.getByTestId("confirm-resume-run").click();
  await expect(formDialog).toBeHidden();
  await expect.poll(() => runStatus(page.request, formRun), { timeout: 20_000 }).toBe("COMPLETED");
  const formSteps = data<{ items: Array<{ id: string; nodeId: string; status: string }> }>((await trpc(page.request, "query", "runs.steps", { runId: formRun })).body).items;
  const intake = formSteps.find((s) => s.nodeId === "intake" && s.status === "SUCCEEDED")!;
  expect(JSON.stringify((await trpc(page.request, "query", "runs.step", { runId: formRun, stepId: intake.id })).body)).toContain('"seats":12');
});

test("the canvas shows approval and form steps with their handles and edits their settings", async ({ page }) => {
  await signIn(page, USERS.acmeAdmin);
  const created = await trpc(page.request, "mutation", "automations.create", { name: `Canvas approval ${Date.now()}` });
  const a = data<{ id: string; draftRevision: number }>(created.body);
  const graph = {
    nodes: [
      node("trigger", "manual", "Trigger", { sampleData: {} }, 0),
      node("approve", "approval", "Manager approval", { approverEmails: "boss@example.com", approverRoles: [], approvalsNeeded: "n", approvalsCount: 1 }, 180),
      node("intake", "form", "Intake form", { approverEmails: "client@example.com", approverRoles: [] }, 520),
    ],
    edges: [
      { id: "e1", source: "trigger", sourceHandle: "next", target: "approve" },
      { id: "e2", source: "approve", sourceHandle: "approved", target: "intake" },
    ],
  };
  expect((await trpc(page.request, "mutation", "automations.saveDraft", { id: a.id, baseRevision: a.draftRevision, graph })).status).toBe(200);
  await page.goto(`/automations/${a.id}/edit`);
  await page.getByTestId("node-approve").click();
  const panel = page.getByTestId("config-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByText("Approvals needed", { exact: true }).first()).toBeVisible();
  await expect(panel.getByText("On expiry", { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/approval-canvas-panel.png` });
  // The open panel narrows the canvas and the viewport stays put, so the last node can sit under
  // the minimap: fit the view to the narrower canvas first, as a user would.
  await page.locator(".react-flow__controls-fitview").click();
  await page.getByTestId("node-intake").click();
  await expect(panel.getByText("Fields", { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/form-canvas-panel.png` });
});
