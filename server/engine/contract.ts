/**
 * The contract between the engine and node executors. Nodes import only lib/ and
 * this file; they reach the outside world only through NodeContext.
 */

import { createHash } from "node:crypto";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** Thrown by nodes: retryable errors are retried per the node's retry policy; fatal ones are not. */
export class StepError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code: string = retryable ? "STEP_RETRYABLE" : "STEP_FATAL",
    readonly details?: JsonValue,
    /** the engine keeps `details` as the failed step's recorded output (set only for details safe to show: no secrets) */
    readonly detailsAsOutput: boolean = false,
  ) {
    super(message);
    this.name = "StepError";
  }
}
export const retryable = (message: string, code = "STEP_RETRYABLE", details?: JsonValue) =>
  new StepError(message, true, code, details);
export const fatal = (message: string, code = "STEP_FATAL", details?: JsonValue) =>
  new StepError(message, false, code, details);
/** A fatal error whose details become the failed step's recorded output (e.g. an expired approval's decisions). */
export const fatalWithOutput = (message: string, code: string, output: JsonValue) =>
  new StepError(message, false, code, output, true);

/** How a node asks the engine to pause the run. */
export type WaitRequest =
  /** resume at a point in time (delay) */
  | { kind: "until"; until: Date; output?: JsonValue }
  /** resume when the child run finishes (run_workflow with waitForCompletion) */
  | { kind: "child"; childRunId: string; output?: JsonValue }
  /** resume when someone presents the token (approvals, webhook waits); token is returned to the caller in output */
  | { kind: "external"; tokenHash: string; expiresAt?: Date; output?: JsonValue };

/** What execute() returns. */
export type NodeResult =
  | {
      output: JsonValue;
      /** Which output handle to follow (defaults to "next"; condition nodes return "true"/"false"). */
      handle?: string;
      /** Fan-out (loop): run the subgraph behind `handle` once per item, then follow `then`. */
      iterate?: { items: JsonValue[]; then: string };
      /** End the run here. */
      stop?: { status: "COMPLETED" | "FAILED"; message: string };
      warnings?: string[];
      /** Merged into the run's variables ({{vars.*}}) for the following steps. */
      variables?: Record<string, JsonValue>;
      /** Console output of the step (code steps: bounded console.log lines), kept with the step record. */
      logs?: string[];
    }
  | { wait: WaitRequest };

/** How external resume tokens are stored (WaitRequest.tokenHash, Run.waitTokenHash): sha256, hex. */
export function hashWaitToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Set when a paused step is executed again after its wait ended. */
export type ResumeInfo =
  | { kind: "until" }
  | { kind: "child"; childRunId: string; status: string; output: JsonValue; error: string | null }
  | { kind: "external"; payload: JsonValue };

export interface HttpRequestSpec {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}
export interface HttpResponseData {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The body was cut off at the client's size limit. */
  truncated?: boolean;
  /** Final URL after redirects. */
  url?: string;
}
/** Outbound HTTP with the SSRF guard applied (resolved IPs checked and pinned). */
export interface HttpClient {
  request(spec: HttpRequestSpec): Promise<HttpResponseData>;
}

export interface MailMessage {
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  text: string;
  html: string;
  /** Secret substrings (e.g. approval link tokens): sent, but never stored in clear (server/integrations/mail/redact.ts). */
  redact?: string[];
}
/** The SMTP server of a connection (send_email with an SMTP connection): URL with credentials, and its sender. */
export interface MailTransport {
  smtpUrl: string;
  from: string;
}

export interface Mailer {
  /**
   * Sends (SMTP_URL set) or stores in the outbox. Idempotent per stepKey, also across a
   * timed-out attempt whose SMTP transaction was still completing. `signal` (the step's)
   * rejects the call at once with its reason; a send not yet handed to the server is dropped.
   */
  send(
    workspaceId: string,
    stepKey: string,
    runId: string,
    msg: MailMessage,
    opts?: { signal?: AbortSignal; transport?: MailTransport },
  ): Promise<{ id: string; status: string; transport: string; messageId: string | null }>;
}

export interface SandboxResult {
  value: JsonValue;
  logs: string[];
}
export interface Sandbox {
  /**
   * Runs user JavaScript with `input` as a global; returns the value of the last `return`.
   * `signal` (the step's) stops the evaluation at once and rejects with its reason.
   */
  run(code: string, input: JsonValue, opts: { timeoutMs: number; memoryMb: number; signal?: AbortSignal }): Promise<SandboxResult>;
}

export interface ChildRunStarter {
  /** Creates a QUEUED child run of another automation in the same workspace (published version). */
  start(args: { automationId: string; input: JsonValue; parentRunId: string; parentNodeId: string; idempotencyKey: string }): Promise<{ runId: string }>;
}

export interface Notifier {
  /** In-app notification to users and/or all members with given roles. Idempotent per stepKey. */
  notify(args: { workspaceId: string; stepKey: string; runId: string; userIds: string[]; roles: string[]; title: string; body: string; link?: string }): Promise<{ delivered: number }>;
}

/** A stored connection decrypted for one step (server/connections): never recorded, never returned. */
export interface StepConnection {
  id: string;
  name: string;
  type: string;
  values: Record<string, string>;
  /** The secret values, for masking wherever the step reports what it did. */
  secrets: string[];
}

/** The workspace's stored credentials; failures are fatal StepErrors that say what to fix. */
export interface ConnectionResolver {
  /** The connection chosen in a config field, which must be one of `types`. */
  byId(workspaceId: string, id: string, types: readonly string[]): Promise<StepConnection>;
  /** The connections named by {{connections.<name>.<field>}} references. */
  byNames(workspaceId: string, names: readonly string[]): Promise<StepConnection[]>;
}

/** What a human step (approval, form) asks for: server/approvals opens it and hands each person a link. */
export interface HumanTaskRequest {
  kind: "approval" | "form";
  workspaceId: string;
  automationId: string;
  runId: string;
  nodeId: string;
  nodeName: string;
  /** the step's idempotency key: the same request is returned when the step is executed again (crash, retry) */
  stepKey: string;
  title: string;
  message: string;
  details: Array<{ label: string; value: string }>;
  /** form field definitions (lib/approvals/form-fields.ts) */
  fields: JsonValue[];
  emails: string[];
  userIds: string[];
  roles: string[];
  /** "all", or a number of approvals (checked against the approvers found) */
  approvalsNeeded: number | "all";
  onExpiry: string;
  expiresAt: Date;
  remindAt: Date | null;
}

/** Human steps: opens (or finds) the request, sends the links; the run then waits on `tokenHash`. Failures are StepErrors. */
export interface HumanTasks {
  open(request: HumanTaskRequest): Promise<{ requestId: string; tokenHash: string; expiresAt: Date; approvers: number; approvalsNeeded: number }>;
}

/** One POST to a named outgoing webhook endpoint (outgoing_webhook steps), signed per Standard Webhooks. */
export interface OutgoingWebhookSendRequest {
  workspaceId: string;
  webhookId: string;
  eventType: string;
  /** the event's data: the body is { id, type, timestamp, workspace_id, data } */
  data: JsonValue;
  /** the webhook-id header: the same on every attempt of the step */
  messageId: string;
  runId: string;
  stepKey: string;
  attempt: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}
export interface OutgoingWebhookSendResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  messageId: string;
  webhookName: string;
  /** What was sent (method, url, headers, body) with connection values masked: the step's recorded request. */
  request: JsonValue;
  /** First 1 KB of the response body, secrets masked. */
  responseExcerpt: string | null;
  /** Why it failed (null on success); `retryable` for 5xx, 429, timeouts and network errors. */
  error: { message: string; code: string; retryable: boolean } | null;
}
/** Named outgoing webhook endpoints (server/services/outgoing-webhooks); a missing or inactive endpoint is a fatal StepError. */
export interface OutgoingWebhooks {
  send(request: OutgoingWebhookSendRequest): Promise<OutgoingWebhookSendResult>;
}

export interface NodeServices {
  /** Stored credentials (connections); absent in engines built without them. */
  connections?: ConnectionResolver;
  http: HttpClient;
  mailer: Mailer;
  sandbox: Sandbox;
  childRuns: ChildRunStarter;
  notifier: Notifier;
  /** Approval and form steps (server/approvals); absent in engines built without them. */
  humanTasks?: HumanTasks;
  /** Outgoing webhook endpoints (signed POSTs with a delivery log); absent in engines built without them. */
  outgoingWebhooks?: OutgoingWebhooks;
  now(): Date;
}

export interface NodeContext<TConfig = unknown> {
  workspaceId: string;
  automationId: string;
  runId: string;
  nodeId: string;
  nodeName: string;
  /** `<runId>:<nodeId>:<iteration>`; the same on every attempt and after a crash. */
  idempotencyKey: string;
  attempt: number;
  /** Config with every {{template}} already resolved ({{connections.*}} resolve to the mask "••••"). */
  config: TConfig;
  /** The config as written, templates unresolved: steps that accept secrets resolve {{connections.*}} from it themselves. */
  rawConfig?: JsonValue;
  /** Records this as the step's request instead of the resolved config: what was sent, secrets masked. */
  recordRequest?(request: JsonValue): void;
  /** Data visible to templates and code: trigger, steps (by name and id), vars, loop. */
  scope: { trigger: JsonValue; steps: Record<string, JsonValue>; vars: Record<string, JsonValue>; loop?: { item: JsonValue; index: number } };
  /** Aborted on timeout or cancel. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Present when the step is executed again after its wait ended. */
  resume?: ResumeInfo;
  services: NodeServices;
}

export interface NodeExecutor<TConfig = unknown> {
  type: string;
  version: number;
  /** What the node would do, without side effects (test/simulate). */
  preview(ctx: NodeContext<TConfig>): Promise<JsonValue>;
  execute(ctx: NodeContext<TConfig>): Promise<NodeResult>;
}
