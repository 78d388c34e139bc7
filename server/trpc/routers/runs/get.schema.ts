import { z } from "zod";
import { idField } from "./list.schema";

export const getRunInput = z.object({ runId: idField("runId") });
