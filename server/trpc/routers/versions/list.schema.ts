import { z } from "zod";

export const idField = (name: string) =>
  z.string({ error: `${name} is required` }).trim().min(1, `${name} is required`).max(64, `${name}: at most 64 characters`);

export const versionNumberField = z
  .number({ error: "number is required (the version number, e.g. 3)" })
  .int("number: must be a whole number")
  .min(1, "number: versions start at 1");

export const listVersionsInput = z.object({ automationId: idField("automationId") });
