import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/trpc/routers/_app";
import { createContext } from "@/server/trpc/context";
import { logger } from "@/server/log";

export const dynamic = "force-dynamic";

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createContext({ headers: req.headers }),
    onError({ error, path }) {
      // Unexpected failures are logged here with their stack; clients get only the formatted shape (no stack).
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger().error({ path: path ?? null, err: error.cause ?? error }, "tRPC procedure failed");
      }
    },
  });
}

export { handler as GET, handler as POST };
