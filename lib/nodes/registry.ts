import type { NodeCategory, NodeTypeDefinition } from "./types";
import type { CatalogNodeType } from "./field-meta";
import { manualNode } from "./catalog/manual";
import { eventNode } from "./catalog/event";
import { scheduleNode } from "./catalog/schedule";
import { webhookNode } from "./catalog/webhook";
import { respondNode } from "./catalog/respond";
import { conditionNode } from "./catalog/condition";
import { delayNode } from "./catalog/delay";
import { loopNode } from "./catalog/loop";
import { setVariablesNode } from "./catalog/set-variables";
import { runWorkflowNode } from "./catalog/run-workflow";
import { stopNode } from "./catalog/stop";
import { httpRequestNode } from "./catalog/http-request";
import { sendEmailNode } from "./catalog/send-email";
import { slackMessageNode } from "./catalog/slack-message";
import { notificationNode } from "./catalog/notification";
import { codeNode } from "./catalog/code";
import { approvalNode } from "./catalog/approval";
import { formNode } from "./catalog/form";
import { outgoingWebhookNode } from "./catalog/outgoing-webhook";

/** Every node type, in palette order. Adding a type = its catalog file + one line here (+ its server half). */
export const NODE_TYPES: CatalogNodeType[] = [
  manualNode,
  eventNode,
  scheduleNode,
  webhookNode,
  conditionNode,
  delayNode,
  loopNode,
  setVariablesNode,
  runWorkflowNode,
  approvalNode,
  formNode,
  stopNode,
  httpRequestNode,
  outgoingWebhookNode,
  sendEmailNode,
  slackMessageNode,
  notificationNode,
  codeNode,
  respondNode,
];

export const CATEGORY_ORDER: readonly NodeCategory[] = ["Triggers", "Logic", "Flow", "Actions", "Messaging", "Code"];

const BY_TYPE = new Map<string, CatalogNodeType>(NODE_TYPES.map((def) => [def.type, def]));

export function getNodeType(type: string): CatalogNodeType | undefined {
  return BY_TYPE.get(type);
}

export function isTriggerType(type: string): boolean {
  return BY_TYPE.get(type)?.kind === "trigger";
}

/** Palette groups in CATEGORY_ORDER; empty categories are left out. */
export function nodeTypesByCategory(): Array<{ category: NodeCategory; types: NodeTypeDefinition[] }> {
  return CATEGORY_ORDER.map((category) => ({ category, types: NODE_TYPES.filter((def) => def.category === category) })).filter(
    (group) => group.types.length > 0,
  );
}
