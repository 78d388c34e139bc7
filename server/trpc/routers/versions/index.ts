import { router } from "@/server/trpc/init";

// Placeholder: replaced by the helper that owns this router.
export const versionsRouter = router({});
