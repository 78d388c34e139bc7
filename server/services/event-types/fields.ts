import { z } from "zod";
import { customEventTypeNameProblem } from "@/lib/triggers/names";

export const MAX_SAMPLE_BYTES = 64 * 1024;

export const customEventTypeNameField = z
  .string({ error: "name is required" })
  .trim()
  .min(1, "name is required")
  .superRefine((v, ctx) => {
    const problem = customEventTypeNameProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const customEventTypeDescriptionField = z.string({ error: "description: must be text" }).trim().max(500, "description: at most 500 characters");

export const samplePayloadField = z
  .record(z.string(), z.unknown(), { error: () => 'samplePayload: must be a JSON object such as { "invoice": { "id": "inv_1", "total": 120 } }' })
  .refine((v) => Buffer.byteLength(JSON.stringify(v), "utf8") <= MAX_SAMPLE_BYTES, "samplePayload: at most 64 KB of JSON");

export const customEventTypeIdField = z.string({ error: "id is required" }).trim().min(1, "id is required").max(64, "id: at most 64 characters");

export interface CustomEventTypeItem {
  id: string;
  name: string;
  description: string;
  samplePayload: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export function toCustomEventType(row: { id: string; name: string; description: string; samplePayload: string; createdAt: Date; updatedAt: Date }): CustomEventTypeItem {
  let sample: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(row.samplePayload);
    if (v && typeof v === "object" && !Array.isArray(v)) sample = v as Record<string, unknown>;
  } catch {
    // stored by us as JSON; an unreadable value shows as {}
  }
  return { id: row.id, name: row.name, description: row.description, samplePayload: sample, createdAt: row.createdAt, updatedAt: row.updatedAt };
}
