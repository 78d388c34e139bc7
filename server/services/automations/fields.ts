import { z } from "zod";

/** Field schemas shared by the automation services (and their tRPC/REST inputs). */

export const NAME_MAX = 120;
export const DESCRIPTION_MAX = 2000;
export const PRIORITY_MIN = -100;
export const PRIORITY_MAX = 100;

export const automationIdField = z
  .string({ error: "id is required" })
  .min(1, "id is required")
  .max(64, "id: at most 64 characters");

export const automationNameField = z
  .string({ error: `name is required (1–${NAME_MAX} characters)` })
  .trim()
  .min(1, `name is required (1–${NAME_MAX} characters)`)
  .max(NAME_MAX, `name: at most ${NAME_MAX} characters`);

export const automationDescriptionField = z
  .string({ error: "description must be text" })
  .trim()
  .max(DESCRIPTION_MAX, `description: at most ${DESCRIPTION_MAX} characters`);

export const priorityField = z
  .number({ error: `priority must be a whole number from ${PRIORITY_MIN} to ${PRIORITY_MAX}` })
  .int(`priority must be a whole number from ${PRIORITY_MIN} to ${PRIORITY_MAX}`)
  .min(PRIORITY_MIN, `priority must be at least ${PRIORITY_MIN}`)
  .max(PRIORITY_MAX, `priority must be at most ${PRIORITY_MAX}`);
