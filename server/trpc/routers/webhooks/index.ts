import { router } from "@/server/trpc/init";
import { get } from "./get";
import { rotateUrl } from "./rotate-url";
import { rotateSecret } from "./rotate-secret";
import { listIncoming } from "./list-incoming";

export const webhooksRouter = router({ get, rotateUrl, rotateSecret, listIncoming });
