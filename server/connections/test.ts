import { parseConnectionUrl } from "nodemailer/lib/shared";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import { getConnectionType } from "@/lib/connections/catalog";
import { StepError, type StepConnection } from "@/server/engine/contract";
import { getHttpClient } from "@/server/integrations/http";
import { authHeaders, maskSecrets } from "@/server/nodes/secrets";
import { smtpTransport } from "@/server/nodes/send-email";
import { USER_AGENT } from "@/server/nodes/http-shared";

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

const TIMEOUT_MS = 10_000;

/** Whether "Test connection" can run for these values (HTTP types need a test URL). */
export function testUnavailableReason(conn: Pick<StepConnection, "type" | "values">): string | null {
  const def = getConnectionType(conn.type);
  if (!def?.testable) return `${def?.label ?? conn.type} connections cannot be tested; use them in a step and run it`;
  if (conn.type.startsWith("http_") && !conn.values.testUrl) return "Set a Test URL on this connection to test it (a GET that needs the credentials, e.g. https://api.example.com/me)";
  return null;
}

async function testHttp(conn: StepConnection): Promise<ConnectionTestResult> {
  const auth = authHeaders(conn);
  const url = conn.values.testUrl ?? "";
  const res = await getHttpClient().request({ method: "GET", url, headers: { ...auth.headers, "User-Agent": USER_AGENT, Accept: "*/*" }, timeoutMs: TIMEOUT_MS });
  const host = new URL(res.url ?? url).host;
  if (res.status < 400) return { ok: true, message: `HTTP ${res.status} from ${host}: the credentials were accepted` };
  const why = res.status === 401 || res.status === 403 ? "the credentials were refused" : "the test URL answered with an error";
  return { ok: false, message: `HTTP ${res.status} from ${host}: ${why}` };
}

async function testSlack(conn: StepConnection): Promise<ConnectionTestResult> {
  // An empty payload posts nothing: Slack answers 400 "no_text" for a valid webhook, 403/404 for a revoked or wrong one.
  const res = await getHttpClient().request({
    method: "POST",
    url: conn.values.webhookUrl ?? "",
    headers: { "Content-Type": "application/json", "User-Agent": USER_AGENT },
    body: "{}",
    timeoutMs: TIMEOUT_MS,
  });
  if ((res.status >= 200 && res.status < 300) || (res.status === 400 && res.body.includes("no_text"))) {
    return { ok: true, message: "Slack accepted the webhook URL (no message was posted)" };
  }
  return { ok: false, message: `Slack refused the webhook URL: HTTP ${res.status}${res.body.trim() ? ` ${res.body.trim().slice(0, 200)}` : ""}` };
}

function testSmtp(conn: StepConnection): Promise<ConnectionTestResult> {
  const options = parseConnectionUrl(smtpTransport(conn).smtpUrl);
  const smtp = new SMTPConnection({ ...options, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: ConnectionTestResult) => {
      if (done) return;
      done = true;
      smtp.close();
      resolve(r);
    };
    smtp.on("error", (e: Error) => finish({ ok: false, message: `The mail server could not be used: ${e.message}` }));
    smtp.connect(() => {
      const auth = options.auth as { user?: string; pass?: string } | undefined;
      if (!auth?.user) return finish({ ok: true, message: `Connected to ${conn.values.host}:${conn.values.port} (no login configured)` });
      smtp.login({ user: auth.user, pass: auth.pass ?? "" }, (err) =>
        finish(err ? { ok: false, message: `Login refused by ${conn.values.host}: ${err.message}` } : { ok: true, message: `Connected and logged in to ${conn.values.host}:${conn.values.port}` }),
      );
    });
  });
}

/** Checks a connection against its service without side effects; the message never contains a secret. */
export async function testConnection(conn: StepConnection): Promise<ConnectionTestResult> {
  let result: ConnectionTestResult;
  try {
    if (conn.type === "slack_webhook") result = await testSlack(conn);
    else if (conn.type === "smtp") result = await testSmtp(conn);
    else result = await testHttp(conn);
  } catch (err) {
    const message = err instanceof StepError || err instanceof Error ? err.message : String(err);
    result = { ok: false, message };
  }
  return { ok: result.ok, message: maskSecrets(result.message, conn.secrets) };
}
