import { z } from "zod";
import { idField } from "./list.schema";

export const getStepInput = z.object({ runId: idField("runId"), stepId: idField("stepId") });
