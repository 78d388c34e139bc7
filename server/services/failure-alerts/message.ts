import { escapeHtml } from "@/lib/nodes/config";
import type { AlertEventData } from "@/lib/platform-events/catalog";
import type { MailMessage } from "@/server/engine/contract";

/**
 * What a failure alert says, in each channel's form: the in-app notification
 * (title, body, link), the email (text and HTML, values escaped) and the
 * platform event's data (alert.run_failed / alert.digest).
 */
export interface FailureItem {
  alertId: string;
  runId: string;
  automationId: string;
  automationName: string;
  error: string | null;
  failedStep: { nodeId: string; name: string; type: string } | null;
  failedAt: Date;
}

export interface AlertMessage {
  /** stable across retries of the same message: the notifications', email's and event's key */
  id: string;
  kind: "single" | "digest";
  title: string;
  body: string;
  link: string;
  runId: string | null;
  automationId: string | null;
  email: Omit<MailMessage, "to" | "cc" | "bcc">;
  event: { type: "alert.run_failed"; data: AlertEventData<"alert.run_failed"> } | { type: "alert.digest"; data: AlertEventData<"alert.digest"> };
}

/** Failures listed by name in a digest's email and event; the notification lists fewer. */
export const DIGEST_LIST_LIMIT = 50;
export const DIGEST_NOTIFICATION_LIMIT = 25;

const oneLine = (s: string) => s.replace(/[\r\n]+/g, " ").trim();
const short = (s: string | null, n = 200) => (s === null ? "no error message" : oneLine(s).length <= n ? oneLine(s) : `${oneLine(s).slice(0, n - 1)}…`);
const stepText = (i: FailureItem) => (i.failedStep ? `step “${i.failedStep.name}” (${i.failedStep.type})` : "before any step");
const runUrl = (appUrl: string, runId: string) => `${appUrl.replace(/\/$/, "")}/runs/${runId}`;
const failedStepData = (i: FailureItem) => (i.failedStep ? { node_id: i.failedStep.nodeId, name: i.failedStep.name, type: i.failedStep.type } : null);

function layout(paragraphs: string[]): string {
  return `<div style="font-family:system-ui,sans-serif;font-size:14px;line-height:1.5;color:#111">${paragraphs.join("\n")}</div>`;
}

export function singleMessage(item: FailureItem, appUrl: string): AlertMessage {
  const url = runUrl(appUrl, item.runId);
  const title = `Run failed: ${oneLine(item.automationName)}`;
  const body = `Failed at ${stepText(item)}: ${short(item.error)}`;
  const text = [
    `A run of “${item.automationName}” failed at ${item.failedAt.toISOString()}.`,
    `Failed ${item.failedStep ? `at ${stepText(item)}` : "before any step ran"}.`,
    `Error: ${item.error ?? "no error message"}`,
    `Run ${item.runId}: ${url}`,
  ].join("\n\n");
  const html = layout([
    `<p>A run of <b>${escapeHtml(item.automationName)}</b> failed at ${escapeHtml(item.failedAt.toISOString())}.</p>`,
    `<p>Failed ${escapeHtml(item.failedStep ? `at ${stepText(item)}` : "before any step ran")}.</p>`,
    `<pre style="white-space:pre-wrap;background:#f5f5f5;padding:8px;border-radius:6px">${escapeHtml(item.error ?? "no error message")}</pre>`,
    `<p><a href="${escapeHtml(url)}">Open run ${escapeHtml(item.runId)}</a></p>`,
  ]);
  return {
    id: item.alertId,
    kind: "single",
    title,
    body,
    link: `/runs/${item.runId}`,
    runId: item.runId,
    automationId: item.automationId,
    email: { subject: `[Switchyard] ${title}`.slice(0, 900), text, html },
    event: {
      type: "alert.run_failed",
      data: {
        alert_id: item.alertId,
        run_id: item.runId,
        automation_id: item.automationId,
        automation_name: item.automationName,
        error: item.error,
        failed_step: failedStepData(item),
        failed_at: item.failedAt.toISOString(),
        run_url: url,
      },
    },
  };
}

export interface DigestInput {
  id: string;
  windowMinutes: number;
  total: number;
  /** per automation, most failures first */
  perAutomation: Array<{ automationId: string; automationName: string; count: number }>;
  /** the first failures (oldest first), at most DIGEST_LIST_LIMIT */
  items: FailureItem[];
  firstFailedAt: Date;
  lastFailedAt: Date;
}

export function digestMessage(d: DigestInput, appUrl: string): AlertMessage {
  const title = `${d.total} failed run${d.total === 1 ? "" : "s"} in ${d.perAutomation.length} automation${d.perAutomation.length === 1 ? "" : "s"}`;
  const counts = d.perAutomation.map((a) => `${a.automationName}: ${a.count}`);
  const line = (i: FailureItem) => `${i.automationName} · run ${i.runId} · ${stepText(i)}: ${short(i.error, 160)}`;
  const listed = d.items.slice(0, DIGEST_NOTIFICATION_LIMIT);
  const more = d.total - listed.length;
  const body = [counts.join(" · "), ...listed.map((i) => `• ${line(i)}`), ...(more > 0 ? [`… and ${more} more`] : [])].join("\n");
  const mailMore = d.total - d.items.length;
  const text = [
    `${title} between ${d.firstFailedAt.toISOString()} and ${d.lastFailedAt.toISOString()} (digest every ${d.windowMinutes} min).`,
    `Per automation:\n${counts.map((c) => `  ${c}`).join("\n")}`,
    `Failures:\n${d.items.map((i) => `  - ${line(i)}\n    ${runUrl(appUrl, i.runId)}`).join("\n")}${mailMore > 0 ? `\n  … and ${mailMore} more` : ""}`,
    `All failed runs: ${appUrl.replace(/\/$/, "")}/runs?status=FAILED`,
  ].join("\n\n");
  const html = layout([
    `<p><b>${escapeHtml(title)}</b> between ${escapeHtml(d.firstFailedAt.toISOString())} and ${escapeHtml(d.lastFailedAt.toISOString())} (digest every ${d.windowMinutes} min).</p>`,
    `<table>${d.perAutomation.map((a) => `<tr><td style="padding:2px 12px 2px 0">${escapeHtml(a.automationName)}</td><td style="text-align:right">${a.count}</td></tr>`).join("")}</table>`,
    `<ol>${d.items
      .map((i) => `<li><a href="${escapeHtml(runUrl(appUrl, i.runId))}">${escapeHtml(i.automationName)} · run ${escapeHtml(i.runId)}</a> · ${escapeHtml(stepText(i))}: ${escapeHtml(short(i.error, 300))}</li>`)
      .join("")}</ol>`,
    mailMore > 0 ? `<p>… and ${mailMore} more.</p>` : "",
    `<p><a href="${escapeHtml(`${appUrl.replace(/\/$/, "")}/runs?status=FAILED`)}">All failed runs</a></p>`,
  ]);
  return {
    id: d.id,
    kind: "digest",
    title: `Failure digest: ${title}`,
    body,
    link: "/runs?status=FAILED",
    runId: d.items[0]?.runId ?? null,
    automationId: d.perAutomation.length === 1 ? (d.perAutomation[0]?.automationId ?? null) : null,
    email: { subject: `[Switchyard] Failure digest: ${title}`, text, html },
    event: {
      type: "alert.digest",
      data: {
        digest_id: d.id,
        window_minutes: d.windowMinutes,
        total: d.total,
        automations: d.perAutomation.map((a) => ({ automation_id: a.automationId, automation_name: a.automationName, count: a.count })),
        failures: d.items.map((i) => ({
          run_id: i.runId,
          automation_id: i.automationId,
          automation_name: i.automationName,
          error: i.error,
          failed_step: failedStepData(i),
          failed_at: i.failedAt.toISOString(),
          run_url: runUrl(appUrl, i.runId),
        })),
        truncated: d.items.length < d.total,
        first_failed_at: d.firstFailedAt.toISOString(),
        last_failed_at: d.lastFailedAt.toISOString(),
      },
    },
  };
}
