import type { Db } from "@/server/db";
import type { ChildRunStarter, ConnectionResolver, HttpClient, HumanTasks, Mailer, NodeServices, Notifier, OutgoingWebhooks, Sandbox } from "@/server/engine/contract";
import { createHumanTasks } from "@/server/approvals/open";
import { createConnectionResolver } from "@/server/connections/resolver";
import { createOutgoingWebhooks } from "@/server/services/outgoing-webhooks/send";
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
  humanTasks?: HumanTasks;
  outgoingWebhooks?: OutgoingWebhooks;
  now?: () => Date;
}

/**
 * Everything nodes may use to reach the outside world: the SSRF-guarded HTTP
 * client, the mailer (SMTP or outbox), the QuickJS sandbox, in-app notifications,
 * the clock, the engine's child-run starter, the workspace's stored
 * credentials (connections, decrypted per step), human steps (approval links)
 * and the outgoing webhook endpoints (signed POSTs with their delivery log).
 */
export function createNodeServices(opts: NodeServicesOptions): NodeServices {
  const mailer = opts.mailer ?? createMailer({ db: opts.db });
  const notifier = opts.notifier ?? createNotifier({ db: opts.db });
  const connections = opts.connections ?? createConnectionResolver(opts.db);
  const now = opts.now ?? (() => new Date());
  return {
    http: opts.http ?? getHttpClient(),
    mailer,
    sandbox: opts.sandbox ?? getSandbox(),
    notifier,
    humanTasks: opts.humanTasks ?? createHumanTasks({ db: opts.db, mailer, notifier }),
    connections,
    // Its own client (no redirects, small bodies) unless a test passes one.
    outgoingWebhooks: opts.outgoingWebhooks ?? createOutgoingWebhooks(opts.db, { connections, now, ...(opts.http ? { http: opts.http } : {}) }),
    childRuns: opts.childRuns,
    now,
  };
}

export { createHttpClient, getHttpClient } from "./http";
export { createMailer } from "./mail";
export { createNotifier } from "./notify";
export { createSandbox, getSandbox } from "./sandbox";
