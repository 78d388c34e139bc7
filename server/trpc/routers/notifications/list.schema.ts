import { z } from "zod";
import { pagingInput } from "@/lib/paging";

export const listNotificationsInput = z.object({
  unreadOnly: z.boolean({ error: "unreadOnly: must be true or false" }).default(false),
  ...pagingInput(20),
});
