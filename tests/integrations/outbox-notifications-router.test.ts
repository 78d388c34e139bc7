import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer } from "@/server/integrations/mail";
import { createNotifier } from "@/server/integrations/notify";
import { createTestDb, seedTestWorkspace, type TestDb, type TestWorkspace } from "@/server/testing/db";
import type { SessionUser } from "@/server/auth/session";
import { createCallerFactory, router } from "@/server/trpc/init";
import { notificationsRouter } from "@/server/trpc/routers/notifications";
import { outboxRouter } from "@/server/trpc/routers/outbox";

const testRouter = router({ outbox: outboxRouter, notifications: notificationsRouter });
const createCaller = createCallerFactory(testRouter);

let t: TestDb;
let ws: TestWorkspace;

function caller(session: SessionUser | null) {
  return createCaller({ db: t.db, session });
}
const admin = () => caller({ userId: ws.adminId, email: ws.adminEmail, name: "Admin", workspaceId: ws.workspaceId, role: "ADMIN" });
const specialist = () => caller({ userId: ws.specialistId, email: ws.specialistEmail, name: "Spec", workspaceId: ws.workspaceId, role: "SPECIALIST" });
const other = () => caller({ userId: ws.otherAdminId, email: ws.otherAdminEmail, name: "Other", workspaceId: ws.otherWorkspaceId, role: "ADMIN" });

const msg = (subject: string) => ({ to: ["a@example.com"], cc: [], bcc: ["secret@example.com"], subject, text: "body text", html: "<p>body</p>" });

beforeAll(async () => {
  t = await createTestDb();
  ws = await seedTestWorkspace(t.db, "inbox");
  const mailer = createMailer({ db: t.db, smtpUrl: "" });
  for (let i = 0; i < 5; i++) await mailer.send(ws.workspaceId, `run:e${i}:`, "run", msg(`Mail ${i}`));
  await mailer.send(ws.otherWorkspaceId, "run:other:", "run", msg("Other workspace mail"));
  const notifier = createNotifier({ db: t.db });
  for (let i = 0; i < 3; i++) {
    await notifier.notify({ workspaceId: ws.workspaceId, stepKey: `run:n${i}:`, runId: "run", userIds: [], roles: ["ADMIN", "SPECIALIST"], title: `Note ${i}`, body: "" });
  }
  await notifier.notify({ workspaceId: ws.otherWorkspaceId, stepKey: "run:other:", runId: "run", userIds: [], roles: ["ADMIN"], title: "Other", body: "" });
});
afterAll(() => t.cleanup());

describe("outbox router", () => {
  it("lists the workspace's emails newest first, paginated, without bodies", async () => {
    const page1 = await specialist().outbox.list({ limit: 2 });
    expect(page1.items.map((e) => e.subject)).toEqual(["Mail 4", "Mail 3"]);
    expect(page1.items[0]).not.toHaveProperty("text");
    expect(page1.items[0]).not.toHaveProperty("html");
    expect(page1.items[0]).not.toHaveProperty("bcc");
    expect(page1.nextCursor).toBeTruthy();
    const page2 = await specialist().outbox.list({ limit: 2, cursor: page1.nextCursor ?? undefined });
    expect(page2.items.map((e) => e.subject)).toEqual(["Mail 2", "Mail 1"]);
    const page3 = await specialist().outbox.list({ limit: 2, cursor: page2.nextCursor ?? undefined });
    expect(page3.items.map((e) => e.subject)).toEqual(["Mail 0"]);
    expect(page3.nextCursor).toBeNull();
    expect((await other().outbox.list({})).items.map((e) => e.subject)).toEqual(["Other workspace mail"]);
    expect((await admin().outbox.list({ status: ["SENT"] })).items).toHaveLength(0);
  });

  it("gets one email with bodies; other workspaces get 404", async () => {
    const [first] = (await admin().outbox.list({ limit: 1 })).items;
    const full = await specialist().outbox.get({ id: first.id });
    expect(full).toMatchObject({ subject: "Mail 4", text: "body text", html: "<p>body</p>", bcc: "secret@example.com", status: "STORED" });
    await expect(other().outbox.get({ id: first.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller(null).outbox.list({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(admin().outbox.list({ limit: 500 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("notifications router", () => {
  it("lists the current user's notifications and counts unread ones", async () => {
    const list = await specialist().notifications.list({});
    expect(list.items.map((n) => n.title)).toEqual(["Note 2", "Note 1", "Note 0"]);
    expect(await specialist().notifications.unreadCount()).toEqual({ count: 3 });
    expect((await other().notifications.list({})).items.map((n) => n.title)).toEqual(["Other"]);
  });

  it("marks own notifications read (specialists too) and ignores others' ids", async () => {
    const mine = (await specialist().notifications.list({})).items;
    const adminItems = (await admin().notifications.list({})).items;
    const r = await specialist().notifications.markRead({ ids: [mine[0].id, adminItems[0].id] });
    expect(r).toEqual({ updated: 1 });
    expect(await specialist().notifications.unreadCount()).toEqual({ count: 2 });
    expect(await admin().notifications.unreadCount()).toEqual({ count: 3 });
    expect((await specialist().notifications.list({ unreadOnly: true })).items.map((n) => n.title)).toEqual(["Note 1", "Note 0"]);
    expect(await specialist().notifications.markRead({ ids: [mine[0].id] })).toEqual({ updated: 0 });
  });

  it("marks all read", async () => {
    expect(await admin().notifications.markAllRead()).toEqual({ updated: 3 });
    expect(await admin().notifications.unreadCount()).toEqual({ count: 0 });
    expect(await other().notifications.unreadCount()).toEqual({ count: 1 });
    await expect(admin().notifications.markRead({ ids: [] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
