import { z } from "zod";
import { idField, versionNumberField } from "./list.schema";

export const getVersionInput = z.object({ automationId: idField("automationId"), number: versionNumberField });
