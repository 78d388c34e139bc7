import type { ApiOperation } from "./operation";
import { automationOperations } from "./routes/automations";
import { actionOperations } from "./routes/actions";
import { runOperations } from "./routes/runs";
import { eventOperations } from "./routes/events";
import { schemaOperations } from "./routes/schemas";
import { triggerOperations } from "./routes/triggers";
import { simulateOperations } from "./routes/simulate";
import { scheduleOperations } from "./routes/schedules";
import { connectionOperations } from "./routes/connections";
import { approvalOperations } from "./routes/approvals";
import { runOperationRoutes } from "./routes/run-operations";
import { runExportStatsOperations } from "./routes/run-export-stats";
import { webhookSubscriptionOperations } from "./routes/webhook-subscriptions";
import { outgoingWebhookOperations } from "./routes/outgoing-webhooks";
import { incomingWebhookOperations } from "./routes/webhooks-incoming";

/** Every REST v1 operation: the router serves these and the OpenAPI document describes exactly these. */
export const API_OPERATIONS: readonly ApiOperation[] = [...automationOperations, ...actionOperations, ...runOperations, ...eventOperations, ...schemaOperations, ...triggerOperations, ...simulateOperations, ...scheduleOperations, ...connectionOperations, ...approvalOperations, ...runOperationRoutes, ...runExportStatsOperations, ...webhookSubscriptionOperations, ...incomingWebhookOperations, ...outgoingWebhookOperations];
