import { router } from "@/server/trpc/init";
import { list } from "./list";
import { get } from "./get";
import { publish } from "./publish";
import { restore } from "./restore";

export const versionsRouter = router({ list, get, publish, restore });
