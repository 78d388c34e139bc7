import { router } from "@/server/trpc/init";
import { automation, setAutomation } from "./automation";
import { setWorkspace, workspace } from "./workspace";

/** Failure alerts (issue 14 item 5): the workspace default and each automation's own choice. */
export const failureAlertsRouter = router({ workspace, setWorkspace, automation, setAutomation });
