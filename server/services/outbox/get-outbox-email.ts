import { getDb, type DbOrTx } from "@/server/db";
import { notFound, type Actor } from "@/server/services/errors";
import { actorCan } from "@/server/auth/actor";
import { openStoredBodies } from "@/server/integrations/mail/redact";

export interface OutboxEmailDetail {
  id: string;
  runId: string | null;
  stepKey: string | null;
  from: string;
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
  html: string;
  status: string;
  transport: string;
  messageId: string | null;
  error: string | null;
  createdAt: Date;
  /** carries a personal link (approval, form) that is redacted in storage */
  sensitive: boolean;
  /** the body shown is the original with the link (outbox mode, admins only) */
  revealed: boolean;
}

/**
 * One email with its bodies; an id from another workspace answers 404. A message
 * with a personal link (approval, form) is stored redacted: in outbox mode the
 * sealed original is opened for workspace admins only (they can resume the run
 * anyway); specialists read the redacted copy (server/integrations/mail/redact.ts).
 */
export async function getOutboxEmail(actor: Actor, id: string, db: DbOrTx = getDb()): Promise<OutboxEmailDetail> {
  const row = await db.outboxEmail.findFirst({
    where: { id, workspaceId: actor.workspaceId },
    select: {
      id: true,
      runId: true,
      stepKey: true,
      from: true,
      to: true,
      cc: true,
      bcc: true,
      subject: true,
      text: true,
      html: true,
      status: true,
      transport: true,
      messageId: true,
      error: true,
      createdAt: true,
    },
  });
  if (!row) throw notFound("Email");
  // Those who may resume any waiting run (approvals:write: owners, admins) gain nothing from the link.
  const reveal = actor.apiKeyId === undefined && actorCan(actor, "approvals:write");
  const bodies = openStoredBodies(row, reveal);
  return { ...row, ...bodies };
}
