import { router } from "@/server/trpc/init";
import { me } from "./me";
import { members } from "./members";
import { switchWorkspace } from "./switch";

export const workspaceRouter = router({ me, members, switch: switchWorkspace });
