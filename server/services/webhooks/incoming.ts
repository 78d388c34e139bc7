import { z } from "zod";
import type { DbOrTx } from "@/server/db";
import type { Prisma } from "@/server/db/generated/sqlite/client";
import type { Graph, GraphNode } from "@/lib/graph/schema";
import { findTrigger } from "@/lib/graph/traverse";
import { webhookConfigSchema, type WebhookConfig } from "@/lib/nodes/catalog/webhook";
import { AppError, notFound, type Actor } from "@/server/services/errors";
import { parseStoredGraph } from "@/server/services/automations/serialize";
import { endpointOptions } from "@/server/triggers/webhook/source";
import { hookUrl, presentEndpoint } from "./present";

/**
 * Incoming webhooks as a resource (seed 003 "Webhooks", REST /webhooks/incoming
 * and Settings → Webhooks → Incoming): the WebhookEndpoint of every automation
 * whose trigger is a webhook — in its draft (what the canvas and PATCH edit)
 * or in its published version (what the URL enforces now). Options are read
 * from the draft's trigger node when it is a webhook, else from the endpoint
 * (the published options); `pendingPublish` says the two differ, i.e. a
 * publish is needed before the URL behaves as listed. Archived automations and
 * endpoints left behind by a trigger that is no longer a webhook anywhere are
 * not listed (another workspace's endpoint answers 404 like an unknown one).
 */
export interface IncomingWebhookInfo {
  id: string;
  url: string;
  methods: string[];
  authMode: string;
  headerName: string | null;
  responseMode: string;
  waitTimeoutMs: number;
  rateLimit: number;
  maxBodyBytes: number;
  /** the URL starts runs now: the automation is active and its published trigger is this webhook */
  active: boolean;
  hasSecret: boolean;
  secretSetAt: Date | null;
  rotatedAt: Date | null;
  createdAt: Date;
  /** the draft's webhook options differ from the published ones (or only one of them is a webhook) */
  pendingPublish: boolean;
  automation: { id: string; name: string; status: string };
  /** when the URL last started a run (only when asked for: listIncomingWebhooks withLastRequest) */
  lastRequestAt?: Date | null;
}

/** The option fields an API client or admin may set (camelCase; the REST layer maps snake_case). No defaults: absent = unchanged. */
const shape = webhookConfigSchema.shape;
export const incomingOptionsFields = {
  methods: shape.methods.unwrap().optional(),
  authMode: shape.authMode.unwrap().optional(),
  headerName: shape.headerName.unwrap().optional(),
  responseMode: shape.responseMode.unwrap().optional(),
  waitTimeoutMs: shape.waitTimeoutMs.unwrap().optional(),
  rateLimit: shape.rateLimit.unwrap().optional(),
  maxBodyBytes: shape.maxBodyBytes.unwrap().optional(),
};
export const incomingOptionsSchema = z.object(incomingOptionsFields);
export type IncomingOptions = z.output<typeof incomingOptionsSchema>;

export const endpointIdField = z.string({ error: "id is required" }).min(1, "id is required").max(64, "id: at most 64 characters");

export const incomingInclude = {
  automation: { select: { id: true, name: true, status: true, triggerType: true, draftGraph: true, publishedVersion: true, trigger: { select: { type: true } } } },
} satisfies Prisma.WebhookEndpointInclude;
export type IncomingRow = Prisma.WebhookEndpointGetPayload<{ include: typeof incomingInclude }>;

/** Where-clause of listed endpoints in the actor's workspace. */
export function listedWhere(actor: Actor): Prisma.WebhookEndpointWhereInput {
  return {
    workspaceId: actor.workspaceId,
    automation: { workspaceId: actor.workspaceId, status: { not: "ARCHIVED" }, OR: [{ triggerType: "webhook" }, { trigger: { is: { type: "webhook" } } }] },
  };
}

export function publishedIsWebhook(row: IncomingRow): boolean {
  return row.automation.publishedVersion !== null && row.automation.trigger?.type === "webhook";
}

/** The draft graph's trigger node when it is a webhook trigger. */
export function draftWebhookNode(graph: Graph): GraphNode | null {
  const t = findTrigger(graph);
  return t && t.type === "webhook" ? t : null;
}

/** A webhook node's config, parsed (defaults filled). */
export function webhookConfigOf(node: GraphNode | null): WebhookConfig {
  const parsed = webhookConfigSchema.safeParse(node?.config ?? {});
  return parsed.success ? parsed.data : webhookConfigSchema.parse({});
}

export function toIncoming(row: IncomingRow): IncomingWebhookInfo {
  const live = presentEndpoint(row);
  const node = draftWebhookNode(parseStoredGraph(row.automation.draftGraph));
  const published = publishedIsWebhook(row);
  let options = { methods: live.methods, authMode: live.authMode, headerName: live.headerName, responseMode: live.responseMode, waitTimeoutMs: live.waitTimeoutMs, rateLimit: live.rateLimit, maxBodyBytes: live.maxBodyBytes };
  let pendingPublish = !published || !node;
  if (node) {
    const o = endpointOptions(node.config);
    options = { ...o, methods: JSON.parse(o.methods) as string[] };
    if (published) {
      pendingPublish =
        o.methods !== JSON.stringify(live.methods) ||
        o.authMode !== row.authMode ||
        o.headerName !== row.headerName ||
        o.responseMode !== row.responseMode ||
        o.waitTimeoutMs !== row.waitTimeoutMs ||
        o.rateLimit !== row.rateLimit ||
        o.maxBodyBytes !== row.maxBodyBytes;
    }
  }
  return {
    id: row.id,
    url: hookUrl(row.token),
    ...options,
    active: row.active,
    hasSecret: row.secretEnc !== null,
    secretSetAt: row.secretSetAt,
    rotatedAt: row.rotatedAt,
    createdAt: row.createdAt,
    pendingPublish,
    automation: { id: row.automation.id, name: row.automation.name, status: row.automation.status },
  };
}

/** A listed endpoint of the actor's workspace by id; anything else answers 404. */
export async function findIncoming(db: DbOrTx, actor: Actor, id: string): Promise<IncomingRow> {
  const row = await db.webhookEndpoint.findFirst({ where: { id, ...listedWhere(actor) }, include: incomingInclude });
  if (!row) throw notFound("Incoming webhook");
  return row;
}

export function badOptions(error: z.ZodError): AppError {
  const issues = error.issues.map((i) => ({ field: i.path.map(String).join(".") || "input", message: i.message }));
  return new AppError("BAD_REQUEST", `Invalid webhook options — ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`, { issues });
}

/** The draft trigger config with the given options applied, validated by the node's own schema. */
export function applyOptions(base: Record<string, unknown>, options: IncomingOptions): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) merged[k] = v;
  const parsed = webhookConfigSchema.safeParse(merged);
  if (!parsed.success) throw badOptions(parsed.error);
  return parsed.data as Record<string, unknown>;
}

/**
 * The graph with its trigger node replaced by a `type` trigger with `config`
 * (node id, position and settings kept, so its edges still hold); prepended
 * when the draft has no trigger yet — the same rule as the seed's trigger_type.
 */
export function replaceTrigger(graph: Graph, type: string, name: string, config: Record<string, unknown>): Graph {
  const current = findTrigger(graph);
  const node: GraphNode = {
    id: current?.id ?? "trigger",
    position: current?.position ?? { x: 0, y: 0 },
    ...(current?.settings ? { settings: current.settings } : {}),
    type,
    name: current && current.type === type ? current.name : name,
    config,
  };
  const nodes = current ? graph.nodes.map((n) => (n.id === current.id ? node : n)) : [node, ...graph.nodes];
  return { ...graph, nodes };
}
