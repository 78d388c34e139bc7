"use client";

import { useState } from "react";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/lib/trpc/types";

const KEEPALIVE_LIMIT = 60_000; // browsers cap keepalive bodies at 64 KB

/**
 * A tRPC client for draft saves: unbatched, and sent with `keepalive` when the
 * body is small enough, so a save started while the page is being left (tab
 * hidden, navigation, reload) still reaches the server.
 */
export function useSaveClient() {
  const [client] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: "/api/trpc",
          transformer: superjson,
          fetch: (url, init) =>
            fetch(url, { ...(init as RequestInit), keepalive: typeof init?.body === "string" && init.body.length < KEEPALIVE_LIMIT }),
        }),
      ],
    }),
  );
  return client;
}
