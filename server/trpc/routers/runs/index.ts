import { router } from "@/server/trpc/init";
import { list } from "./list";
import { get } from "./get";
import { steps } from "./steps";
import { step } from "./step";
import { stats } from "./stats";
import { trigger } from "./trigger";
import { cancel } from "./cancel";
import { resume } from "./resume";

export const runsRouter = router({ list, get, steps, step, stats, trigger, cancel, resume });
