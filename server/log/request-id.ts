import { randomUUID } from "node:crypto";

/** A client's request id is kept when it is a short token; anything else (spaces, newlines, long values) is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The value when it is a sane request id (≤ 128 characters of A–Z a–z 0–9 . _ -), else null. */
export function saneRequestId(value: string | string[] | null | undefined): string | null {
  return typeof value === "string" && SANE_REQUEST_ID.test(value) ? value : null;
}

/** The client's `x-request-id` when sane, else a new UUID. */
export function requestIdFrom(header: string | string[] | null | undefined): string {
  return saneRequestId(header) ?? randomUUID();
}
