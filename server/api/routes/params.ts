import { z } from "zod";

/** Path parameters: opaque string ids (cuid-like), at most 64 characters. */
export const idParam = (name: string) =>
  z.string().min(1, `${name} is required`).max(64, `${name}: at most 64 characters`).regex(/^[A-Za-z0-9_-]+$/, `${name}: letters, digits, _ or -`);

export const automationParams = z.strictObject({ automation_id: idParam("automation_id") });
