import type { TriggerSource } from "./contract";
import { scheduleSource } from "./schedule/source";
import { eventTriggerSource } from "./event/source";
import { webhookSource } from "./webhook/source";

/**
 * The trigger sources, by trigger node type. Adding a source = its folder under
 * server/triggers/ + one line here. `manual` needs none: it only starts runs
 * from the editor, the API or another automation.
 */
export const TRIGGER_SOURCES: TriggerSource[] = [webhookSource, eventTriggerSource, scheduleSource];

export function triggerSource(type: string): TriggerSource | undefined {
  return TRIGGER_SOURCES.find((s) => s.type === type);
}
