import { z } from "zod";
import { outboxIdField } from "./list.schema";

export const getOutboxEmailInput = z.object({ id: outboxIdField("id") });
