import { router } from "@/server/trpc/init";
import { list } from "./list";
import { get } from "./get";
import { preview } from "./preview";
import { setEnabled } from "./set-enabled";
import { fireNow } from "./fire-now";
import { save } from "./save";
import { deleteSchedule } from "./delete";

export const schedulesRouter = router({
  list,
  get,
  preview,
  setEnabled,
  fireNow,
  save,
  delete: deleteSchedule,
});
