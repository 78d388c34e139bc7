import { router } from "@/server/trpc/init";
import { list } from "./list";
import { get } from "./get";
import { create } from "./create";
import { update } from "./update";
import { remove } from "./delete";
import { rotateSecret } from "./rotate-secret";
import { sendTest } from "./send-test";
import { logs } from "./logs";

export const outgoingWebhooksRouter = router({ list, get, create, update, delete: remove, rotateSecret, sendTest, logs });
