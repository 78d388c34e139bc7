import { env } from "@/server/env";
import type { WebhookEndpoint } from "@/server/db/generated/sqlite/client";

/** What members see of a webhook endpoint: never the secret, only whether one is set and since when. */
export interface WebhookEndpointInfo {
  id: string;
  url: string;
  active: boolean;
  methods: string[];
  authMode: string;
  headerName: string | null;
  responseMode: string;
  waitTimeoutMs: number;
  rateLimit: number;
  maxBodyBytes: number;
  hasSecret: boolean;
  secretSetAt: Date | null;
  createdAt: Date;
  rotatedAt: Date | null;
}

/** The WebhookEndpoint columns the presenter reads. */
export type EndpointRow = Pick<
  WebhookEndpoint,
  "id" | "token" | "active" | "methods" | "authMode" | "headerName" | "responseMode" | "waitTimeoutMs" | "rateLimit" | "maxBodyBytes" | "secretEnc" | "secretSetAt" | "createdAt" | "rotatedAt"
>;

export function hookUrl(token: string): string {
  return `${env().APP_URL.replace(/\/+$/, "")}/api/hooks/${token}`;
}

export function presentEndpoint(row: EndpointRow): WebhookEndpointInfo {
  let methods: string[] = ["POST"];
  try {
    const v = JSON.parse(row.methods) as unknown;
    if (Array.isArray(v)) methods = v.filter((m): m is string => typeof m === "string");
  } catch {
    // keep the default
  }
  return {
    id: row.id,
    url: hookUrl(row.token),
    active: row.active,
    methods,
    authMode: row.authMode,
    headerName: row.headerName,
    responseMode: row.responseMode,
    waitTimeoutMs: row.waitTimeoutMs,
    rateLimit: row.rateLimit,
    maxBodyBytes: row.maxBodyBytes,
    hasSecret: row.secretEnc !== null,
    secretSetAt: row.secretSetAt,
    createdAt: row.createdAt,
    rotatedAt: row.rotatedAt,
  };
}
