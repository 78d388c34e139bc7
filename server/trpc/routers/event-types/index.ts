import { router } from "@/server/trpc/init";
import { list } from "./list";
import { create } from "./create";
import { update } from "./update";
import { remove } from "./delete";

export const eventTypesRouter = router({ list, create, update, delete: remove });
