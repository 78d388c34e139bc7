import { router } from "@/server/trpc/init";
import { list } from "./list";
import { get } from "./get";
import { decide } from "./decide";

export const approvalsRouter = router({ list, get, decide });
