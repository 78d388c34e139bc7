import { router } from "@/server/trpc/init";
import { automationsRouter } from "./automations";
import { runsRouter } from "./runs";
import { versionsRouter } from "./versions";
import { notificationsRouter } from "./notifications";
import { outboxRouter } from "./outbox";
import { workspaceRouter } from "./workspace";
import { webhooksRouter } from "./webhooks";

export const appRouter = router({
  automations: automationsRouter,
  versions: versionsRouter,
  runs: runsRouter,
  notifications: notificationsRouter,
  outbox: outboxRouter,
  workspace: workspaceRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
