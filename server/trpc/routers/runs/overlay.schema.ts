import { z } from "zod";
import { idField } from "./list.schema";

export const runOverlayInput = z.object({ runId: idField("runId") });
