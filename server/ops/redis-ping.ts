import net from "node:net";
import tls from "node:tls";

/**
 * A real Redis PING over one short-lived connection, speaking RESP directly
 * (no Redis client is installed yet; the BullMQ work brings one and may swap
 * this for its connection's ping). redis:// and rediss:// (TLS); the URL's
 * password (and user) are sent with AUTH, the database index is ignored
 * (PING does not need it). Resolves with the round-trip time; rejects with a
 * message that never contains the URL's credentials.
 */
export async function redisPing(url: string, timeoutMs: number): Promise<number> {
  const u = new URL(url);
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new Error("REDIS_URL must start with redis:// or rediss://");
  const host = u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
  const port = Number(u.port || 6379);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  const commands: string[][] = [];
  if (password) commands.push(user ? ["AUTH", user, password] : ["AUTH", password]);
  commands.push(["PING"]);
  const started = performance.now();

  return new Promise<number>((resolve, reject) => {
    const socket: net.Socket =
      u.protocol === "rediss:" ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host }) : net.connect({ host, port });
    let buffer = "";
    let replies = 0;
    let settled = false;
    const done = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(performance.now() - started);
    };
    const timer = setTimeout(() => done(new Error(`no answer from Redis at ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    socket.setNoDelay(true);
    socket.once(u.protocol === "rediss:" ? "secureConnect" : "connect", () => {
      socket.write(commands.map(encode).join(""));
    });
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      // Simple replies only (+OK, +PONG, -ERR …): one line each.
      let nl: number;
      while ((nl = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        replies++;
        if (line.startsWith("-")) {
          const what = replies === 1 && password ? "AUTH" : "PING";
          return done(new Error(`Redis refused ${what}: ${line.slice(1).split(" ")[0]}`));
        }
        if (replies === commands.length) {
          return done(line === "+PONG" ? null : new Error(`unexpected PING reply from Redis: ${line.slice(0, 40)}`));
        }
      }
    });
    socket.on("error", (err: NodeJS.ErrnoException) => done(new Error(`cannot reach Redis at ${host}:${port}: ${err.code ?? err.message}`)));
    socket.on("close", () => done(new Error(`Redis at ${host}:${port} closed the connection`)));
  });
}

function encode(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`;
}
