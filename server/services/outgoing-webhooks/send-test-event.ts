import { z } from "zod";
import { getDb, type Db } from "@/server/db";
import type { Actor } from "@/server/services/errors";
import { writeAudit } from "@/server/services/audit/write-audit";
import { parseInput } from "@/server/services/automations/input";
import { assertCan } from "@/server/services/automations/scope";
import { OUTGOING_TEST_EVENT_TYPE, outgoingIdField } from "@/lib/outgoing-webhooks/fields";
import { newMessageId, sendOnce, type OutgoingSenderOptions } from "./send";
import { findOutgoingWebhook } from "./scope";

export const sendTestEventInput = z.object({ id: outgoingIdField });

export interface TestEventResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  messageId: string;
  responseExcerpt: string | null;
  error: string | null;
  attemptId: string;
}

/**
 * "Send test event": one signed `webhook.test` request, sent now (the caller
 * waits for the answer, at most the endpoint's timeout) and recorded in the
 * log with source "test". Sent also when the endpoint is inactive, to check it before activating.
 */
export async function sendTestEvent(actor: Actor, input: z.input<typeof sendTestEventInput>, db: Db = getDb(), opts: OutgoingSenderOptions = {}): Promise<TestEventResult> {
  assertCan(actor, "webhooks:write");
  const { id } = parseInput(sendTestEventInput, input);
  const webhook = await findOutgoingWebhook(db, actor, id);
  const messageId = newMessageId();
  const r = await sendOnce(
    db,
    {
      webhook,
      eventType: OUTGOING_TEST_EVENT_TYPE,
      messageId,
      source: "test",
      data: { message: "Test event from Switchyard: this endpoint is reachable and the signature can be verified with its signing secret.", webhook_id: webhook.id, webhook_name: webhook.name },
    },
    opts,
  );
  await writeAudit(db, actor, { action: "outgoing_webhook.test_sent", targetType: "outgoing_webhook", targetId: id, details: { messageId, statusCode: r.statusCode } });
  return { ok: r.ok, statusCode: r.statusCode, durationMs: r.durationMs, messageId, responseExcerpt: r.responseExcerpt, error: r.error?.message ?? null, attemptId: r.attemptId };
}
