import { formConfigSchema, type FormConfig } from "@/lib/nodes/catalog/form";
import type { JsonValue, NodeContext, NodeExecutor, NodeResult } from "@/server/engine/contract";
import { numeric, optionalText, parseConfig, record } from "./config";
import { baseRequest, expiredFailure, openAndWait, outcomeOf, recipientInput } from "./human";

/**
 * Form (002 send_form, 004 require_form): sends a link to a form built from the
 * field definitions and pauses until one person submits valid values, which
 * become the step output ({{steps.<form>.values.<field>}}); then "submitted".
 */
function config(ctx: NodeContext): FormConfig {
  const raw = recipientInput(record(ctx.config));
  return parseConfig(
    formConfigSchema,
    { ...raw, title: optionalText(raw.title), message: optionalText(raw.message), expiresIn: numeric(raw.expiresIn), remindAfterHours: numeric(raw.remindAfterHours) },
    "Form",
  );
}

export const formExecutor: NodeExecutor = {
  type: "form",
  version: 1,
  async preview(ctx) {
    const c = config(ctx);
    const b = baseRequest(ctx, c);
    return { title: c.title, message: c.message, fields: c.fields as unknown as JsonValue, emails: b.emails, userIds: b.userIds, roles: b.roles, expiresAt: b.expiresAt.toISOString() };
  },
  async execute(ctx): Promise<NodeResult> {
    const c = config(ctx);
    const o = outcomeOf(ctx);
    if (o) {
      if (o.outcome === "expired") {
        if (c.onExpiry === "fail") expiredFailure("form", o);
        return { output: { requestId: o.requestId, outcome: "expired", values: null, expiredAt: o.decidedAt }, handle: "expired" };
      }
      return { output: { requestId: o.requestId, outcome: "submitted", values: o.values ?? {}, submittedBy: o.decidedBy, submittedAt: o.decidedAt }, handle: "submitted" };
    }
    return openAndWait(ctx, {
      ...baseRequest(ctx, c),
      kind: "form",
      title: c.title.trim() || "Please fill in this form",
      message: c.message,
      details: [],
      fields: c.fields as unknown as JsonValue[],
      approvalsNeeded: 1,
      onExpiry: c.onExpiry,
    });
  },
};
