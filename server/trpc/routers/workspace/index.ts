import { router } from "@/server/trpc/init";
import { me } from "./me";
import { switchWorkspace } from "./switch";

export const workspaceRouter = router({ me, switch: switchWorkspace });
