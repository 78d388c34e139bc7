import { slackMessageConfigSchema } from "@/lib/nodes/catalog/slack-message";
import { fatal, retryable, type JsonValue, type NodeContext, type NodeExecutor, type NodeResult } from "@/server/engine/contract";
import { parseConfig, record, snippet, text } from "./config";
import { USER_AGENT } from "./http-shared";
import { connectionsOf, maskingErrors, maskSecrets } from "./secrets";

/**
 * Slack message via an incoming webhook: POST { text, blocks? } as JSON through
 * the guarded HTTP client. Slack answers "ok" on success; anything but 2xx fails
 * (5xx and 429 retryable, other 4xx fatal with Slack's reason). With a Slack
 * connection the URL comes from it (encrypted at rest) and the recorded request,
 * output and errors show it masked.
 */
const SLACK_TIMEOUT_MS = 10_000;

interface SlackPlan {
  url: string;
  connectionId: string;
  payload: { text: string; blocks?: JsonValue[] };
}

function plan(ctx: NodeContext): SlackPlan {
  const raw = record(ctx.config);
  // A whole-value template may already have produced the blocks array.
  const blocksValue = Array.isArray(raw.blocks) ? JSON.stringify(raw.blocks) : raw.blocks === undefined ? undefined : text(raw.blocks);
  const c = parseConfig(
    slackMessageConfigSchema,
    {
      ...raw,
      connectionId: raw.connectionId === undefined ? undefined : text(raw.connectionId),
      webhookUrl: raw.webhookUrl === undefined ? undefined : text(raw.webhookUrl),
      text: raw.text === undefined ? undefined : text(raw.text),
      blocks: blocksValue,
    },
    "Slack message",
  );
  const url = c.webhookUrl.trim();
  if (!url && !c.connectionId) throw fatal('"webhookUrl" is required: choose a Slack connection or set the incoming-webhook URL', "CONFIG_INVALID");
  if (!c.text.trim()) throw fatal('"text" is required: the Slack message is empty (check the template it uses)', "CONFIG_INVALID");
  const payload: { text: string; blocks?: JsonValue[] } = { text: c.text };
  if (c.blocks.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(c.blocks);
    } catch {
      throw fatal('"blocks" must be valid JSON (a Block Kit array) after filling in variables', "CONFIG_INVALID");
    }
    if (!Array.isArray(parsed)) throw fatal('"blocks" must be a JSON array of blocks', "CONFIG_INVALID");
    payload.blocks = parsed as JsonValue[];
  }
  return { url, connectionId: c.connectionId, payload };
}

function maskWebhook(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.split("/").slice(0, 3).join("/")}/…`;
  } catch {
    return "(invalid URL)";
  }
}

export const slackMessageExecutor: NodeExecutor = {
  type: "slack_message",
  version: 1,
  async preview(ctx) {
    const p = plan(ctx);
    return { method: "POST", url: p.connectionId ? "(from the Slack connection)" : maskWebhook(p.url), payload: p.payload };
  },
  async execute(ctx): Promise<NodeResult> {
    const p = plan(ctx);
    let url = p.url;
    const secrets: string[] = [];
    if (p.connectionId) {
      const conn = await connectionsOf(ctx).byId(ctx.workspaceId, p.connectionId, ["slack_webhook"]);
      url = conn.values.webhookUrl ?? "";
      secrets.push(...conn.secrets);
      ctx.recordRequest?.(maskSecrets({ method: "POST", url, connection: conn.name, payload: p.payload }, secrets));
    } else if (url) {
      // A webhook URL typed into the step (before connections) is a credential too: recorded masked.
      secrets.push(url);
      ctx.recordRequest?.({ method: "POST", url: maskWebhook(url), payload: p.payload });
    }
    return maskingErrors(secrets, () => post(ctx, url, p, secrets));
  },
};

async function post(ctx: NodeContext, url: string, p: SlackPlan, secrets: string[]): Promise<NodeResult> {
  const res = await ctx.services.http.request({
    method: "POST",
    url,
    headers: { "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT },
    body: JSON.stringify(p.payload),
    timeoutMs: Math.min(SLACK_TIMEOUT_MS, ctx.timeoutMs),
    signal: ctx.signal,
  });
  if (res.status < 200 || res.status >= 300) {
    const message = `Slack rejected the message: HTTP ${res.status}${res.body.trim() ? ` ${snippet(res.body, 300)}` : ""}`;
    const details: JsonValue = { status: res.status, body: snippet(res.body, 1000) };
    throw res.status >= 500 || res.status === 429 ? retryable(message, "SLACK_ERROR", details) : fatal(message, "SLACK_ERROR", details);
  }
  return { output: maskSecrets({ ok: true, status: res.status, body: res.body }, secrets) };
}
