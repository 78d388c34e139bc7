import type { NodeExecutor } from "@/server/engine/contract";
import { codeExecutor } from "./code";
import { conditionExecutor } from "./condition";
import { delayExecutor } from "./delay";
import { httpRequestExecutor } from "./http-request";
import { loopExecutor } from "./loop";
import { eventTriggerExecutor, manualExecutor, scheduleTriggerExecutor, webhookTriggerExecutor } from "./trigger";
import { respondExecutor } from "./respond";
import { notificationExecutor } from "./notification";
import { runWorkflowExecutor } from "./run-workflow";
import { sendEmailExecutor } from "./send-email";
import { setVariablesExecutor } from "./set-variables";
import { slackMessageExecutor } from "./slack-message";
import { stopExecutor } from "./stop";
import { approvalExecutor } from "./approval";
import { formExecutor } from "./form";
import { outgoingWebhookExecutor } from "./outgoing-webhook";

/** Server half of every node type, keyed by type. Adding a type = its file + one line here. */
export const NODE_EXECUTORS: ReadonlyMap<string, NodeExecutor> = new Map(
  [
    manualExecutor,
    eventTriggerExecutor,
    scheduleTriggerExecutor,
    webhookTriggerExecutor,
    conditionExecutor,
    delayExecutor,
    loopExecutor,
    setVariablesExecutor,
    runWorkflowExecutor,
    approvalExecutor,
    formExecutor,
    stopExecutor,
    httpRequestExecutor,
    outgoingWebhookExecutor,
    sendEmailExecutor,
    slackMessageExecutor,
    notificationExecutor,
    codeExecutor,
    respondExecutor,
  ].map((e) => [e.type, e]),
);

export function getExecutor(type: string): NodeExecutor | undefined {
  return NODE_EXECUTORS.get(type);
}
