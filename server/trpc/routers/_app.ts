import { router } from "@/server/trpc/init";
import { automationsRouter } from "./automations";
import { runsRouter } from "./runs";
import { versionsRouter } from "./versions";
import { notificationsRouter } from "./notifications";
import { outboxRouter } from "./outbox";
import { workspaceRouter } from "./workspace";
import { eventsRouter } from "./events";
import { eventTypesRouter } from "./event-types";
import { triggerTypesRouter } from "./trigger-types";
import { webhooksRouter } from "./webhooks";
import { schedulesRouter } from "./schedules";
import { connectionsRouter } from "./connections";
import { approvalsRouter } from "./approvals";
import { apiKeysRouter } from "./api-keys";
import { webhookSubscriptionsRouter } from "./webhook-subscriptions";
import { outgoingWebhooksRouter } from "./outgoing-webhooks";
import { failureAlertsRouter } from "./failure-alerts";

export const appRouter = router({
  automations: automationsRouter,
  versions: versionsRouter,
  runs: runsRouter,
  notifications: notificationsRouter,
  outbox: outboxRouter,
  workspace: workspaceRouter,
  events: eventsRouter,
  eventTypes: eventTypesRouter,
  triggerTypes: triggerTypesRouter,
  webhooks: webhooksRouter,
  schedules: schedulesRouter,
  connections: connectionsRouter,
  approvals: approvalsRouter,
  apiKeys: apiKeysRouter,
  webhookSubscriptions: webhookSubscriptionsRouter,
  outgoingWebhooks: outgoingWebhooksRouter,
  failureAlerts: failureAlertsRouter,
});

export type AppRouter = typeof appRouter;
