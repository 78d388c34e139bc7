import { router } from "@/server/trpc/init";
import { list } from "./list";
import { get } from "./get";
import { create } from "./create";
import { rename } from "./rename";
import { archive } from "./archive";
import { updateSettings } from "./update-settings";
import { setStatus } from "./set-status";
import { saveDraftProcedure } from "./save-draft";
import { bulkEnrollProcedure } from "./bulk-enroll";
import { simulate } from "./simulate";

export const automationsRouter = router({
  list,
  get,
  create,
  rename,
  archive,
  updateSettings,
  setStatus,
  saveDraft: saveDraftProcedure,
  bulkEnroll: bulkEnrollProcedure,
  simulate,
});
