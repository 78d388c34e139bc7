import type { HookHandler } from "@/server/triggers/webhook/ingress";
import { recordWebhookRequest } from "./metrics";

/** Counts webhook answers by status code (switchyard_webhook_requests_total); a thrown error counts as the 500 it becomes. */
export function meterHookHandler(handle: HookHandler): HookHandler {
  return async (req) => {
    try {
      const out = await handle(req);
      recordWebhookRequest(out.status);
      return out;
    } catch (err) {
      recordWebhookRequest(500);
      throw err;
    }
  };
}
