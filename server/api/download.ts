import type { ApiResponse } from "./http";

/**
 * A file download answered by a REST operation: streamed text with
 * `Content-Disposition: attachment` instead of the JSON body. A handler
 * returns one (withApiAuth streams it); errors found before the first chunk
 * (validation, 404) still answer with the error envelope, since handlers do
 * that work before returning.
 */
export class ApiDownload {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly chunks: AsyncIterable<string>,
  ) {}
}

/** `attachment; filename="…"` with a safe ASCII name and the RFC 5987 UTF-8 form. */
export function attachmentHeader(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._-]+/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function downloadResponse(d: ApiDownload, requestId: string): ApiResponse {
  return {
    status: 200,
    headers: {
      "content-type": d.contentType,
      "content-disposition": attachmentHeader(d.filename),
      "x-request-id": requestId,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
    body: null,
    stream: d.chunks,
  };
}

/** A Web ReadableStream pulling from an async iterable of text (backpressure: one chunk per pull). */
export function readableFrom(chunks: AsyncIterable<string>, onError?: (err: unknown) => void): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await it.next();
        if (done) controller.close();
        else controller.enqueue(enc.encode(value));
      } catch (err) {
        onError?.(err);
        controller.error(err);
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
}
