import { getDb, type Db } from "@/server/db";

export interface WorkspaceListItem {
  id: string;
  name: string;
  slug: string;
  members: number;
  automations: number;
  createdAt: Date;
}

/** Every workspace (operator view for the CLI), by slug. */
export async function listAllWorkspaces(db: Db = getDb()): Promise<WorkspaceListItem[]> {
  const rows = await db.workspace.findMany({
    orderBy: { slug: "asc" },
    select: {
      id: true,
      name: true,
      slug: true,
      createdAt: true,
      _count: { select: { memberships: true, automations: true } },
    },
  });
  return rows.map(({ _count, ...w }) => ({ ...w, members: _count.memberships, automations: _count.automations }));
}
