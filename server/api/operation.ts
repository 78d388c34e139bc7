import type { z } from "zod";
import type { Db } from "@/server/db";
import type { Permission } from "@/server/auth/permissions";
import type { Actor } from "@/server/services/errors";
import type { ApiDownload } from "./download";

/**
 * One REST operation: everything the wrapper (auth, scope, parsing,
 * idempotency, envelope) and the OpenAPI generator need, plus a thin handler
 * that calls services and a presenter. Route tables (server/api/routes) list
 * these; `withApiAuth` turns one into a request handler.
 */
export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface HandlerContext<P, Q, B> {
  actor: Actor;
  db: Db;
  params: P;
  query: Q;
  body: B;
  requestId: string;
  /** The client's address (X-Forwarded-For as far as TRUST_PROXY allows); null when unknown. Recorded with decisions. */
  ip: string | null;
}

type AnyObject = z.ZodType<Record<string, unknown>>;

export interface OperationDef<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType> {
  method: HttpMethod;
  /** OpenAPI-style template below /api/v1, e.g. "/automations/{automation_id}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** The permission the key (or member) needs; the matching scope is named in 403s and in the docs. */
  permission: Permission;
  params?: P;
  query?: Q;
  body?: B;
  /** A creating POST: honours Idempotency-Key. */
  idempotent?: boolean;
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: R };
  /** Error statuses this operation documents besides the common ones (400, 401, 403, 429). */
  errors?: number[];
  /** Other paths that serve the same operation (seed aliases); documented as deprecated copies. */
  aliases?: string[];
  /** Returns the success body (or an ApiDownload: a streamed file, server/api/download.ts). */
  handler(ctx: HandlerContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<(R extends z.ZodType ? z.input<R> : void) | ApiDownload>;
}

/** A type-erased operation as the router and OpenAPI generator see it. */
export interface ApiOperation {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  permission: Permission;
  params?: AnyObject;
  query?: AnyObject;
  body?: z.ZodType;
  idempotent: boolean;
  success: { status: number; description: string; schema?: z.ZodType };
  errors: number[];
  aliases: string[];
  run(ctx: HandlerContext<unknown, unknown, unknown>): Promise<unknown>;
}

export function defineOperation<P extends AnyObject, Q extends AnyObject, B extends z.ZodType, R extends z.ZodType>(
  def: OperationDef<P, Q, B, R>,
): ApiOperation {
  return {
    method: def.method,
    path: def.path,
    operationId: def.operationId,
    summary: def.summary,
    description: def.description,
    tag: def.tag,
    permission: def.permission,
    params: def.params,
    query: def.query,
    body: def.body,
    idempotent: def.idempotent === true,
    success: def.success,
    errors: def.errors ?? [],
    aliases: def.aliases ?? [],
    run: (ctx) => def.handler(ctx as HandlerContext<z.output<P>, z.output<Q>, z.output<B>>),
  };
}

/**
 * A public operation (no API key: OpenAPI `security: []`). The router serves
 * these outside withApiAuth (server/api/callbacks.ts validates with the same
 * schemas); the OpenAPI document lists them next to API_OPERATIONS.
 */
export interface PublicOperation {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tag: string;
  params: AnyObject;
  body?: z.ZodType;
  /** status → what it means; every one answers `schema` */
  responses: Record<number, string>;
  schema: z.ZodType;
  /** request errors answered with the plain envelope (e.g. 400, 413, 429) */
  errors: number[];
}
