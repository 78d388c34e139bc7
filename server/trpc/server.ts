import "server-only";
import { cache, createElement, type ReactNode } from "react";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { makeQueryClient } from "@/lib/trpc/query-client";
import { getRequestSession } from "@/server/auth/require-session";
import { dbReady } from "@/server/db";
import type { TrpcContext } from "./init";
import { appRouter } from "./routers/_app";

/**
 * tRPC for React Server Components:
 *
 *   void getQueryClient().prefetchQuery(trpc.automations.list.queryOptions());
 *   return <HydrateClient><AutomationsTable /></HydrateClient>;
 */

/** One QueryClient per request. */
export const getQueryClient = cache(makeQueryClient);

/** One context per request: the same re-checked session the layout used (the DB is asked once). */
export const getRequestContext = cache(
  async (): Promise<TrpcContext> => ({ db: await dbReady(), session: (await getRequestSession())?.user ?? null }),
);

export const trpc = createTRPCOptionsProxy({
  ctx: getRequestContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** Sends the queries prefetched during this request to the client components below. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return createElement(HydrationBoundary, { state: dehydrate(getQueryClient()) }, children);
}
