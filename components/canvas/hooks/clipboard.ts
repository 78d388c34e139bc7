import { z } from "zod";
import { graphEdgeSchema, graphNodeSchema } from "@/lib/graph/schema";
import type { ClipboardPayload } from "@/lib/graph/edit-ops";

/**
 * Copy/paste of canvas nodes. The system clipboard carries the JSON (so it also
 * works between browser tabs and automations); localStorage is the fallback when
 * the clipboard API is unavailable or denied.
 */

const STORAGE_KEY = "switchyard:canvas-clipboard";

const payloadSchema = z.object({
  kind: z.literal("switchyard/nodes"),
  version: z.literal(1),
  nodes: z.array(graphNodeSchema).min(1).max(500),
  edges: z.array(graphEdgeSchema).max(2000),
});

export function parseClipboard(text: string | null | undefined): ClipboardPayload | null {
  if (!text || !text.includes("switchyard/nodes")) return null;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as ClipboardPayload) : null;
  } catch {
    return null;
  }
}

export function serializeClipboard(payload: ClipboardPayload): string {
  return JSON.stringify(payload);
}

function remember(text: string) {
  try {
    window.localStorage.setItem(STORAGE_KEY, text);
  } catch {
    // storage full or disabled: the system clipboard still has it
  }
}

export function storedClipboard(): ClipboardPayload | null {
  try {
    return parseClipboard(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/** From a `copy` event (no permission prompt) or a button (async clipboard API). */
export async function writeClipboard(payload: ClipboardPayload, event?: ClipboardEvent): Promise<void> {
  const text = serializeClipboard(payload);
  remember(text);
  if (event?.clipboardData) {
    event.clipboardData.setData("text/plain", text);
    event.preventDefault();
    return;
  }
  try {
    await navigator.clipboard?.writeText(text);
  } catch {
    // denied: localStorage fallback already written
  }
}

/** From a `paste` event, or (button) the async clipboard API; falls back to the last copy in this browser. */
export async function readClipboard(event?: ClipboardEvent): Promise<ClipboardPayload | null> {
  if (event?.clipboardData) {
    const text = event.clipboardData.getData("text/plain");
    return parseClipboard(text) ?? (text.trim() === "" ? storedClipboard() : null);
  }
  try {
    const text = await Promise.race([
      navigator.clipboard?.readText() ?? Promise.resolve(""),
      new Promise<string>((resolve) => setTimeout(() => resolve(""), 800)),
    ]);
    return parseClipboard(text) ?? storedClipboard();
  } catch {
    return storedClipboard();
  }
}
