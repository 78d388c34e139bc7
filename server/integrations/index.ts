import type { Db } from "@/server/db";
import type { ChildRunStarter, ConnectionResolver, HttpClient, Mailer, NodeServices, Notifier, Sandbox } from "@/server/engine/contract";
import { createConnectionResolver } from "@/server/connections/resolver";
import { getHttpClient } from "./http";
import { createMailer } from "./mail";
import { createNotifier } from "./notify";
import { getSandbox } from "./sandbox";

export interface NodeServicesOptions {
  db: Db;
  /** Provided by the engine (creates child runs). */
  childRuns: ChildRunStarter;
  /** Overrides, mostly for tests. */
  http?: HttpClient;
  mailer?: Mailer;
  sandbox?: Sandbox;
  notifier?: Notifier;
  connections?: ConnectionResolver;
  now?: () => Date;
}

/**
 * Everything nodes may use to reach the outside world: the SSRF-guarded HTTP
 * client, the mailer (SMTP or outbox), the QuickJS sandbox, in-app notifications,
 * the clock, the engine's child-run starter, and the workspace's stored
 * credentials (connections, decrypted per step).
 */
export function createNodeServices(opts: NodeServicesOptions): NodeServices {
  return {
    http: opts.http ?? getHttpClient(),
    mailer: opts.mailer ?? createMailer({ db: opts.db }),
    sandbox: opts.sandbox ?? getSandbox(),
    notifier: opts.notifier ?? createNotifier({ db: opts.db }),
    connections: opts.connections ?? createConnectionResolver(opts.db),
    childRuns: opts.childRuns,
    now: opts.now ?? (() => new Date()),
  };
}

export { createHttpClient, getHttpClient } from "./http";
export { createMailer } from "./mail";
export { createNotifier } from "./notify";
export { createSandbox, getSandbox } from "./sandbox";
