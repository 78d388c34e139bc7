import { router } from "@/server/trpc/init";
import { list } from "./list";
import { get } from "./get";

export const triggerTypesRouter = router({ list, get });
