import { getBuiltInEventType } from "@/lib/triggers/event-types";
import { eventTypeNameProblem } from "@/lib/triggers/names";
import { AppError } from "@/server/services/errors";
import type { TriggerSource } from "../contract";

/**
 * Event triggers store nothing of their own: the AutomationTrigger row (type,
 * eventType, filters, active) written by sync.ts is what events.emit matches.
 * Going live checks that the event type exists (built-in or a custom type of
 * the workspace), so a typo cannot silently never fire.
 */
export const eventTriggerSource: TriggerSource = {
  type: "event",
  async sync(tx, input) {
    if (!input.active || !input.node) return;
    const eventType = String((input.node.config as { eventType?: unknown }).eventType ?? "").trim();
    const problem = eventType ? eventTypeNameProblem(eventType) : "is required";
    if (problem) {
      throw new AppError("UNPROCESSABLE", `Event trigger: event type ${problem}`, { issues: [{ field: "eventType", message: problem }] });
    }
    if (getBuiltInEventType(eventType)) return;
    const custom = await tx.customEventType.findUnique({ where: { workspaceId_name: { workspaceId: input.workspaceId, name: eventType } }, select: { id: true } });
    if (!custom) {
      throw new AppError(
        "UNPROCESSABLE",
        `Event trigger: "${eventType}" is neither a built-in event type nor a custom event type of this workspace; create it on the Events page or pick another type`,
        { issues: [{ field: "eventType", message: "unknown event type" }] },
      );
    }
  },
  async deactivate() {
    // Nothing of its own to switch off: AutomationTrigger.active is already false.
  },
};
