import { router } from "@/server/trpc/init";
import { me } from "./me";
import { members } from "./members";
import { setTimezone } from "./set-timezone";
import { switchWorkspace } from "./switch";
import { runRetention, setRunRetentionProcedure } from "./run-retention";

export const workspaceRouter = router({ me, members, setTimezone, switch: switchWorkspace, runRetention, setRunRetention: setRunRetentionProcedure });
