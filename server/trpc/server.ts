import { cache, createElement, type ReactNode } from "react";
import { headers } from "next/headers";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { makeQueryClient } from "@/lib/trpc/query-client";
import { createCallerFactory } from "./init";
import { createContext } from "./context";
import { appRouter } from "./routers/_app";

/**
 * tRPC for React Server Components (server-only: imports next/headers).
 *
 *   const trpc = getServerTrpc();
 *   void getQueryClient().prefetchQuery(trpc.automations.list.queryOptions());
 *   return <HydrateClient><AutomationsTable /></HydrateClient>;
 *
 * or, to use data directly on the server: `const api = await getServerCaller()`.
 */

/** One QueryClient per request. */
export const getQueryClient = cache(makeQueryClient);

/** One context per request (session re-checked against the DB once). */
export const getRequestContext = cache(async () => createContext({ headers: new Headers(await headers()) }));

export const trpc = createTRPCOptionsProxy({
  ctx: getRequestContext,
  router: appRouter,
  queryClient: getQueryClient,
});

const createCaller = createCallerFactory(appRouter);

/** Direct server-side caller with the request's context. */
export async function getServerCaller() {
  return createCaller(await getRequestContext());
}

/** Sends the queries prefetched during this request to the client components below. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return createElement(HydrationBoundary, { state: dehydrate(getQueryClient()) }, children);
}
