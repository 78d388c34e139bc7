import { z } from "zod";
import { idField } from "./list.schema";

export const cancelRunInput = z.object({ runId: idField("runId") });
