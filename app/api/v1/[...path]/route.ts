import { handleNextRequest } from "@/server/api";

/** Public REST API v1: every path and method goes through server/api (withApiAuth, OpenAPI at /api/v1/openapi.json). */
export const dynamic = "force-dynamic";
export const GET = handleNextRequest;
export const POST = handleNextRequest;
export const PATCH = handleNextRequest;
export const DELETE = handleNextRequest;
export const PUT = handleNextRequest;
