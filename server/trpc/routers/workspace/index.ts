import { router } from "@/server/trpc/init";
import { me } from "./me";
import { members } from "./members";
import { setTimezone } from "./set-timezone";
import { switchWorkspace } from "./switch";

export const workspaceRouter = router({ me, members, setTimezone, switch: switchWorkspace });
