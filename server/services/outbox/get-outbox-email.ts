import { getDb, type DbOrTx } from "@/server/db";
import { notFound, type Actor } from "@/server/services/errors";

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
}

/** One email with its bodies; an id from another workspace answers 404. */
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
  return row;
}
