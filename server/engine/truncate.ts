import type { JsonValue } from "./contract";

export interface StoredOutput {
  /** JSON text stored as StepRun.response */
  text: string;
  /** the value later steps see as steps.<node> */
  value: JsonValue;
  truncated: boolean;
}

/**
 * Outputs up to `limitBytes` of JSON are stored in full. Larger ones are replaced
 * by `{ truncated: true, originalBytes, preview }` (preview = the first bytes of the
 * JSON text), both in the step record and in what later steps see.
 */
export function storeOutput(output: JsonValue, limitBytes: number): StoredOutput {
  const text = JSON.stringify(output ?? null);
  if (text.length <= limitBytes / 4 || Buffer.byteLength(text, "utf8") <= limitBytes) {
    return { text, value: output ?? null, truncated: false };
  }
  const originalBytes = Buffer.byteLength(text, "utf8");
  // Leave room for the wrapper; cut on a character boundary.
  const budget = Math.max(0, limitBytes - 200);
  let cut = budget;
  for (;;) {
    let preview = Buffer.from(text, "utf8").subarray(0, cut).toString("utf8");
    if (preview.endsWith("\uFFFD")) preview = preview.slice(0, -1);
    const value: JsonValue = { truncated: true, originalBytes, preview };
    const stored = JSON.stringify(value);
    const size = Buffer.byteLength(stored, "utf8");
    // Escaping (quotes, control characters) can grow the preview: shrink until it fits.
    if (size <= limitBytes || cut === 0) return { text: stored, value, truncated: true };
    cut = Math.max(0, cut - (size - limitBytes) - 16);
  }
}

/** Cuts a text to at most `maxChars` characters, saying how much was cut. */
export function capText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters not kept)`;
}
