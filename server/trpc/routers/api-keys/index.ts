import { router } from "@/server/trpc/init";
import { list } from "./list";
import { create } from "./create";
import { revoke } from "./revoke";

export const apiKeysRouter = router({ list, create, revoke });
