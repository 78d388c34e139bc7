import { router } from "@/server/trpc/init";
import { list } from "./list";
import { get } from "./get";
import { steps } from "./steps";
import { step } from "./step";
import { stats } from "./stats";
import { trigger } from "./trigger";
import { cancel } from "./cancel";
import { resume } from "./resume";
import { retry } from "./retry";
import { rerun } from "./rerun";
import { rerunMany } from "./rerun-many";
import { operations } from "./operations";
import { overlay } from "./overlay";

export const runsRouter = router({ list, get, steps, step, stats, trigger, cancel, resume, retry, rerun, rerunMany, operations, overlay });
