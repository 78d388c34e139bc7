import { router } from "@/server/trpc/init";
import { get } from "./get";
import { rotateUrl } from "./rotate-url";
import { rotateSecret } from "./rotate-secret";

export const webhooksRouter = router({ get, rotateUrl, rotateSecret });
