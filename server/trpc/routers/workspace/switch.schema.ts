import { z } from "zod";

export const switchWorkspaceInput = z.object({
  workspaceId: z.string({ error: "workspaceId is required" }).min(1, "workspaceId is required").max(64),
});
export type SwitchWorkspaceInput = z.infer<typeof switchWorkspaceInput>;
