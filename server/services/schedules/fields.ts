import { z } from "zod";

export const scheduleIdField = z.string({ error: "id is required" }).min(1, "id is required").max(64, "id: at most 64 characters");
