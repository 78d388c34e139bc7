import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { LIVE_PATH } from "./live";
import { isDraining } from "./shutdown";

/**
 * The HTTP half of a graceful shutdown (scripts/serve.ts). `front` wraps the
 * ingress server's `before` hook: while draining, every response (also of the
 * requests in progress when it began, unless their headers were sent) carries
 * `Connection: close` (a keep-alive client opens its next connection elsewhere),
 * and it remembers the live-update streams (/api/live, server-sent events) that
 * would otherwise keep the server open until the deadline. `drain` stops
 * accepting connections, closes idle keep-alive connections and the live
 * streams (browsers reconnect by themselves), and resolves when the requests in
 * progress have finished (true) or at the deadline (false: what is left is cut
 * when the process exits).
 */
export interface HttpDrain {
  front(before: (req: IncomingMessage, res: ServerResponse) => boolean): (req: IncomingMessage, res: ServerResponse) => boolean;
  drain(server: Server, deadline: number): Promise<boolean>;
}

export function createHttpDrain(): HttpDrain {
  const streams = new Set<ServerResponse>();
  /** requests in progress: told to close their connection when the drain begins */
  const active = new Set<ServerResponse>();
  return {
    front(before) {
      return (req, res) => {
        if (isDraining()) res.setHeader("connection", "close");
        else {
          active.add(res);
          res.once("close", () => active.delete(res));
        }
        const url = req.url ?? "/";
        if (url.startsWith(LIVE_PATH) && (url.length === LIVE_PATH.length || url[LIVE_PATH.length] === "?")) {
          streams.add(res);
          res.once("close", () => streams.delete(res));
        }
        return before(req, res);
      };
    },
    drain(server, deadline) {
      return new Promise<boolean>((resolve) => {
        if (!server.listening) {
          resolve(true);
          return;
        }
        const timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve(true);
        });
        server.closeIdleConnections();
        for (const res of active) if (!res.headersSent) res.setHeader("connection", "close");
        active.clear();
        for (const res of streams) res.end();
        streams.clear();
      });
    },
  };
}
