import { router } from "@/server/trpc/init";
import { list } from "./list";
import { get } from "./get";
import { usage } from "./usage";
import { create } from "./create";
import { update } from "./update";
import { remove } from "./delete";
import { test } from "./test";
import { switchDraft } from "./switch-draft";

export const connectionsRouter = router({ list, get, usage, create, update, delete: remove, test, switchDraft });
