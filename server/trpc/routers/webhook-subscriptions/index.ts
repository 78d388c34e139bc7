import { router } from "@/server/trpc/init";
import { list } from "./list";
import { get } from "./get";
import { create } from "./create";
import { update } from "./update";
import { remove } from "./delete";
import { rotateSecret } from "./rotate-secret";
import { logs } from "./logs";
import { redeliver } from "./redeliver";

export const webhookSubscriptionsRouter = router({ list, get, create, update, delete: remove, rotateSecret, logs, redeliver });
