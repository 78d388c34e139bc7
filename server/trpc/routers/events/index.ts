import { router } from "@/server/trpc/init";
import { emit } from "./emit";
import { list } from "./list";
import { get } from "./get";

export const eventsRouter = router({ emit, list, get });
