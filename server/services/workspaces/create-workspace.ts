import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import { AppError } from "@/server/services/errors";
import { parseInput } from "@/server/services/automations/input";
import { SYSTEM_ACTOR, writeAuditAs, type AuditActorRef } from "./system-audit";
import { isUniqueViolation, workspaceNameSchema, workspaceSlugSchema } from "./workspace-input";

export const createWorkspaceInput = z.object({
  name: workspaceNameSchema,
  slug: workspaceSlugSchema,
});
export type CreateWorkspaceInput = z.input<typeof createWorkspaceInput>;

export interface WorkspaceSummary {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
}

function slugTaken(slug: string): AppError {
  return new AppError("CONFLICT", `slug: a workspace with slug "${slug}" already exists; choose another slug`, {
    issues: [{ field: "slug", message: `"${slug}" is already taken` }],
  });
}

/** Creates a workspace (no members yet). Slugs are unique. */
export async function createWorkspace(
  input: CreateWorkspaceInput,
  db: Db = getDb(),
  actor: AuditActorRef = SYSTEM_ACTOR,
): Promise<WorkspaceSummary> {
  const data = parseInput(createWorkspaceInput, input);
  if (await db.workspace.findUnique({ where: { slug: data.slug }, select: { id: true } })) throw slugTaken(data.slug);
  try {
    return await db.$transaction(async (tx) => {
      const ws = await tx.workspace.create({
        data: { name: data.name, slug: data.slug },
        select: { id: true, name: true, slug: true, createdAt: true },
      });
      await writeAuditAs(tx, actor, {
        workspaceId: ws.id,
        action: "workspace.created",
        targetType: "workspace",
        targetId: ws.id,
        details: { name: ws.name, slug: ws.slug },
      });
      return ws;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken(data.slug);
    throw err;
  }
}
