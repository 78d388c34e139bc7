import { escapeHtml as esc } from "@/lib/nodes/config";
import type { FormField } from "@/lib/approvals/form-fields";
import type { CallbackResult, CallbackView, PublicRequest } from "@/server/services/approvals/callback";
import { PAGE_CSS } from "./page-style";

/**
 * HTML of the public approval pages (app/approve/[token]): rendered on the
 * server with every value escaped, no script, usable without a session, on a
 * phone, by keyboard and screen reader, in light and dark.
 */
export type PageState = CallbackView | CallbackResult | { state: "rate-limited"; retryAfter: number } | { state: "bad-request"; message: string };

function fmtDate(d: Date): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(d) + " UTC";
}

function relative(d: Date, now: Date): string {
  const ms = d.getTime() - now.getTime();
  const abs = Math.abs(ms);
  const [n, unit] = abs >= 86_400_000 ? [Math.round(abs / 86_400_000), "day"] : abs >= 3_600_000 ? [Math.round(abs / 3_600_000), "hour"] : [Math.max(1, Math.round(abs / 60_000)), "minute"];
  const text = `${n} ${unit}${n === 1 ? "" : "s"}`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><meta name="referrer" content="no-referrer"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><title>${esc(title)} · Switchyard</title><style>${PAGE_CSS}</style></head>
<body><main><div class="brand" aria-hidden="true"><span class="logo">S</span>Switchyard</div>${body}
<footer>This page belongs to a one-time link. Do not forward it.</footer></main></body></html>`;
}

function notice(kind: "ok" | "bad" | "info" | "warn", title: string, text: string, extra = ""): string {
  const icon = { ok: "✓", bad: "✕", info: "i", warn: "!" }[kind];
  return layout(title, `<div class="card" role="status"><div class="section notice"><span class="icon i-${kind}" aria-hidden="true">${icon}</span>
<div><h1 data-testid="callback-title">${esc(title)}</h1><p class="message muted">${esc(text)}</p>${extra}</div></div></div>`);
}

function badge(decision: string): string {
  return `<span class="badge b-${esc(decision)}">${esc(decision)}</span>`;
}

function header(r: PublicRequest, now: Date): string {
  const kind = r.kind === "form" ? "Form" : "Approval request";
  const needed = r.kind === "approval" && r.approverCount > 1 ? `<span><strong>${r.approvalsNeeded} of ${r.approverCount}</strong> approvals needed</span>` : "";
  return `<div class="section"><p class="eyebrow">${kind} · ${esc(r.automationName)}</p><h1 data-testid="callback-title">${esc(r.title)}</h1>
${r.message ? `<p class="message" data-testid="callback-message">${esc(r.message)}</p>` : ""}
<div class="meta">${r.requestedBy ? `<span>Requested by <strong>${esc(r.requestedBy)}</strong></span>` : ""}
<span>Expires <strong><time datetime="${r.expiresAt.toISOString()}" title="${esc(fmtDate(r.expiresAt))}">${relative(r.expiresAt, now)}</time></strong></span>${needed}
<span>For <strong>${esc(r.approver)}</strong></span></div></div>`;
}

function details(r: PublicRequest): string {
  if (!r.details.length) return "";
  const rows = r.details.map((d) => `<dt>${esc(d.label)}</dt><dd>${esc(d.value) || '<span class="muted">—</span>'}</dd>`).join("");
  return `<div class="section"><h2>Details</h2><dl data-testid="callback-details">${rows}</dl></div>`;
}

function decisions(r: PublicRequest): string {
  if (r.kind !== "approval" || !r.decisions.length) return "";
  const items = r.decisions.map((d) => `<li><span class="who">${esc(d.by)}</span><span>${badge(d.decision)} <span class="muted">${esc(fmtDate(d.at))}</span></span></li>`).join("");
  return `<div class="section"><h2>Decisions so far</h2><ul class="decisions">${items}</ul></div>`;
}

function fieldInput(f: FormField, value: string, error: string | undefined): string {
  const id = `f-${f.name}`;
  const described = [f.help ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  const aria = `${described ? ` aria-describedby="${described}"` : ""}${error ? ' aria-invalid="true"' : ""}${f.required ? ' aria-required="true" required' : ""}`;
  const name = `field.${f.name}`;
  const ph = f.placeholder ? ` placeholder="${esc(f.placeholder)}"` : "";
  const req = f.required ? ' <span class="req" aria-hidden="true">*</span>' : "";
  let control: string;
  if (f.type === "checkbox") {
    const checked = ["on", "true", "1", "yes"].includes(value.toLowerCase()) ? " checked" : "";
    control = `<label class="check" for="${id}"><input type="checkbox" id="${id}" name="${esc(name)}"${checked}${aria}>${esc(f.label)}${req}</label>`;
    return `<div class="field">${control}${f.help ? `<p class="help" id="${id}-help">${esc(f.help)}</p>` : ""}${error ? `<p class="error" id="${id}-error">${esc(f.label)} ${esc(error)}</p>` : ""}</div>`;
  }
  if (f.type === "select") {
    const opts = [`<option value="">Choose…</option>`, ...f.options.map((o) => `<option${o === value ? " selected" : ""}>${esc(o)}</option>`)].join("");
    control = `<select id="${id}" name="${esc(name)}"${aria}>${opts}</select>`;
  } else if (f.type === "long_text") {
    control = `<textarea id="${id}" name="${esc(name)}"${ph}${aria}>${esc(value)}</textarea>`;
  } else {
    const type = f.type === "number" ? "number" : f.type === "email" ? "email" : f.type === "date" ? "date" : "text";
    const bounds = f.type === "number" ? `${f.min !== undefined ? ` min="${f.min}"` : ""}${f.max !== undefined ? ` max="${f.max}"` : ""} step="any"` : "";
    control = `<input type="${type}" id="${id}" name="${esc(name)}" value="${esc(value)}"${ph}${bounds}${aria}>`;
  }
  return `<div class="field"><label for="${id}">${esc(f.label)}${req}</label>${control}${f.help ? `<p class="help" id="${id}-help">${esc(f.help)}</p>` : ""}${error ? `<p class="error" id="${id}-error">${esc(f.label)} ${esc(error)}</p>` : ""}</div>`;
}

function decisionForm(r: PublicRequest, errors: Record<string, string> = {}, values: Record<string, string> = {}, comment = ""): string {
  const count = Object.keys(errors).length;
  const alert = count ? `<div class="alert" role="alert" data-testid="callback-errors">Please fix ${count} field${count === 1 ? "" : "s"} below.</div>` : "";
  // novalidate: the server checks every field and answers with errors next to them (the same rules for every client).
  if (r.kind === "form") {
    const fields = r.fields.map((f) => fieldInput(f, values[f.name] ?? "", errors[f.name])).join("");
    return `<div class="section"><form method="post" novalidate data-testid="callback-form">${alert}${fields}
<div class="actions"><button type="submit" name="decision" value="submit" class="primary" data-testid="callback-submit">Submit</button></div></form></div>`;
  }
  return `<div class="section"><form method="post" data-testid="callback-form"><div class="field"><label for="comment">Comment <span class="muted">(optional)</span></label>
<textarea id="comment" name="comment" maxlength="2000">${esc(comment)}</textarea></div>
<div class="actions"><button type="submit" name="decision" value="approve" class="primary" data-testid="callback-approve">Approve</button>
<button type="submit" name="decision" value="reject" class="secondary" data-testid="callback-reject">Reject</button></div></form></div>`;
}

/** The page for a state; `now` for relative times. */
export function renderCallbackPage(s: PageState, now: Date = new Date()): string {
  switch (s.state) {
    case "open":
      return layout(s.request.title, `<div class="card">${header(s.request, now)}${details(s.request)}${decisions(s.request)}${decisionForm(s.request)}</div>`);
    case "invalid":
      return layout(s.request.title, `<div class="card">${header(s.request, now)}${decisionForm(s.request, s.errors, s.values, s.comment)}</div>`);
    case "decided": {
      const text =
        s.decision === "submitted" ? "Thank you. Your answers were sent; the automation continues." :
        s.outcome ? `Thank you. The request is now ${s.outcome}; the automation continues.` : "Thank you. Your decision was recorded; the request waits for the other approvers.";
      const title = s.decision === "submitted" ? "Form submitted" : s.decision === "approved" ? "You approved this request" : "You rejected this request";
      return notice(s.decision === "rejected" ? "bad" : "ok", title, text, `<p class="message"><strong>${esc(s.request.title)}</strong></p>`);
    }
    case "used":
      return notice("info", "This link was already used", `You ${s.decision === "submitted" ? "submitted the form" : s.decision} on ${fmtDate(s.at)}. Each link works once.`);
    case "already-decided":
      return notice("info", "Already decided", "A decision was already recorded with this link. Each link works once.");
    case "closed":
      return notice("info", "This request was already decided", `It is ${s.outcome}; nothing more is needed from you.`);
    case "expired":
      return notice("warn", "This link has expired", "The request is no longer open. If it still matters, ask the person who sent it for a new one.");
    case "withdrawn":
      return notice("info", "This request was withdrawn", "It is no longer waiting for an answer; nothing more is needed from you.");
    case "not-found":
      return notice("info", "Link not found", "This link is not valid. Check that you copied the whole address from the email.");
    case "rate-limited":
      return notice("warn", "Too many requests", `Please wait ${s.retryAfter} seconds and try again.`);
    case "bad-request":
      return notice("warn", "Something is missing", s.message);
  }
}
