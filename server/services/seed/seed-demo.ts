import type { Db } from "@/server/db";
import { hashPassword } from "@/server/auth/password";
import { SYSTEM_ACTOR, writeAuditAs } from "@/server/services/workspaces/system-audit";
import { DEMO_ACCOUNTS, DEMO_AUTOMATIONS, DEMO_WORKSPACES } from "./demo-data";

/**
 * Creates the demo workspaces, users and automations, but only in a database
 * without any workspace (so it never touches real data). All or nothing.
 */
export async function seedDemo(db: Db): Promise<{ seeded: boolean }> {
  if ((await db.workspace.count()) > 0) return { seeded: false };
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  return db.$transaction(async (tx) => {
    if ((await tx.workspace.count()) > 0) return { seeded: false };
    const workspaceIds = new Map<string, string>();
    for (const w of DEMO_WORKSPACES) {
      const ws = await tx.workspace.create({ data: { name: w.name, slug: w.slug }, select: { id: true } });
      workspaceIds.set(w.slug, ws.id);
      await writeAuditAs(tx, SYSTEM_ACTOR, {
        workspaceId: ws.id,
        action: "workspace.created",
        targetType: "workspace",
        targetId: ws.id,
        details: { name: w.name, slug: w.slug, seed: "demo" },
      });
    }
    const adminOf = new Map<string, string>();
    for (const [i, account] of DEMO_ACCOUNTS.entries()) {
      const user = await tx.user.create({
        data: { email: account.email, name: account.name, passwordHash: hashes[i] },
        select: { id: true },
      });
      for (const m of account.memberships) {
        const workspaceId = workspaceIds.get(m.workspaceSlug)!;
        await tx.membership.create({ data: { userId: user.id, workspaceId, role: m.role } });
        await writeAuditAs(tx, SYSTEM_ACTOR, {
          workspaceId,
          action: "membership.created",
          targetType: "user",
          targetId: user.id,
          details: { email: account.email, role: m.role, seed: "demo" },
        });
        if (m.role === "ADMIN" && !adminOf.has(m.workspaceSlug)) adminOf.set(m.workspaceSlug, user.id);
      }
    }
    for (const a of DEMO_AUTOMATIONS) {
      const workspaceId = workspaceIds.get(a.workspaceSlug)!;
      const createdById = adminOf.get(a.workspaceSlug) ?? null;
      const graphJson = JSON.stringify(a.graph);
      const automation = await tx.automation.create({
        data: {
          workspaceId,
          name: a.name,
          description: a.description,
          draftGraph: graphJson,
          triggerType: "manual",
          stepCount: a.graph.nodes.length - 1,
          status: a.publish ? "ACTIVE" : "DRAFT",
          publishedVersion: a.publish ? 1 : null,
          createdById,
          updatedById: createdById,
        },
        select: { id: true },
      });
      if (a.publish) {
        await tx.automationVersion.create({
          data: { automationId: automation.id, workspaceId, number: 1, graph: graphJson, note: "Demo version", publishedById: createdById },
        });
      }
      await writeAuditAs(tx, SYSTEM_ACTOR, {
        workspaceId,
        action: "automation.created",
        targetType: "automation",
        targetId: automation.id,
        details: { name: a.name, seed: "demo" },
      });
    }
    return { seeded: true };
  });
}
