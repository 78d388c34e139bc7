import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

/**
 * The outside world of the chaos test: a local HTTP server that counts every
 * request (a side effect) with its Idempotency-Key. The step a request belongs
 * to is named by the request body ({tag, node, iter}, filled in by templates),
 * independently of the key, so a re-executed step that sent a different key
 * shows up as a duplicate effect.
 *   POST /fast   answers at once
 *   POST /slow   answers after body.ms milliseconds (kills land mid-step)
 *   POST /flaky  503 for the first request of a step, 200 afterwards (retry policy)
 */
const bodySchema = z.object({
  tag: z.string().min(1),
  node: z.string().min(1),
  iter: z.string(),
  ms: z.coerce.number().int().min(0).max(60_000).optional(),
});

export interface Effect {
  /** `<tag>/<node>/<iter>`: the step as the workload names it */
  step: string;
  key: string;
  route: string;
  at: number;
  /** HTTP status sent, or null when the caller was gone (killed) before the answer */
  status: number | null;
}

export interface CounterServer {
  url: string;
  effects: Effect[];
  /** requests received and not yet answered (or abandoned by the caller) */
  inFlight(): number;
  close(): Promise<void>;
}

export function stepName(tag: string, node: string, iter: string): string {
  return `${tag}/${node}/${iter}`;
}

export async function startCounterServer(): Promise<CounterServer> {
  const effects: Effect[] = [];
  const perStep = new Map<string, number>();
  let open = 0;

  const handle = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const route = (req.url ?? "").split("?")[0];
    let parsed: z.infer<typeof bodySchema>;
    try {
      parsed = bodySchema.parse(JSON.parse(text));
    } catch {
      res.writeHead(400, { "content-type": "text/plain" }).end("bad chaos body");
      return;
    }
    const step = stepName(parsed.tag, parsed.node, parsed.iter);
    const n = (perStep.get(step) ?? 0) + 1;
    perStep.set(step, n);
    const effect: Effect = { step, key: String(req.headers["idempotency-key"] ?? ""), route, at: Date.now(), status: null };
    effects.push(effect);
    open += 1;
    let settled = false;
    const settle = () => {
      if (!settled) open -= 1;
      settled = true;
    };
    res.once("close", settle);
    const answer = (status: number) => {
      if (res.destroyed || res.writableEnded) return;
      effect.status = status;
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ ok: status < 400, deliveries: n }));
    };
    if (route === "/fast") return answer(200);
    if (route === "/flaky") return answer(n === 1 ? 503 : 200);
    if (route === "/slow") {
      setTimeout(() => answer(200), parsed.ms ?? 500).unref();
      return;
    }
    answer(404);
  };

  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString("utf8")));
    req.on("end", () => handle(req, res, text));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    effects,
    inFlight: () => open,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
