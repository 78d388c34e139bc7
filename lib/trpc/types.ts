import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/routers/_app";

/** e.g. `RouterOutputs["automations"]["list"][number]` */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
/** e.g. `RouterInputs["automations"]["saveDraft"]` */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type { AppRouter };
