"use client";

import * as React from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Check, ExternalLink, X } from "lucide-react";
import type { FormField } from "@/lib/approvals/form-fields";
import { useTRPC } from "@/lib/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, inputBase } from "@/components/ui/input";
import { RelativeTime, formatAbsolute } from "@/components/ui/relative-time";
import { Sheet, SheetBody, SheetContent, SheetDescription, SheetFooter, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { cn } from "@/components/ui/utils";
import { errorMessage } from "@/components/shell/errors";
import { progressText, STATUS_VARIANT, statusLabel } from "./approvals-table";

const CHANNEL: Record<string, string> = { link: "Email link", in_app: "In-app", admin: "Admin resume", api: "API" };

function FormFieldInput({ f, value, onChange, error }: { f: FormField; value: string; onChange: (v: string) => void; error?: string }) {
  const id = `approval-field-${f.name}`;
  const aria = { "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined };
  if (f.type === "checkbox") {
    return (
      <div className="grid gap-1">
        <label className="flex items-center gap-2 text-sm" htmlFor={id}>
          <input id={id} type="checkbox" className="size-4 accent-[var(--primary)]" checked={value === "on"} onChange={(e) => onChange(e.target.checked ? "on" : "")} {...aria} />
          {f.label}
          {f.required ? <span className="text-destructive">*</span> : null}
        </label>
        {error ? <p id={`${id}-error`} role="alert" className="text-xs text-destructive">{error}</p> : null}
      </div>
    );
  }
  const label = (
    <>
      {f.label}
      {f.required ? <span className="text-destructive"> *</span> : null}
    </>
  );
  return (
    <Field id={id} label={label} error={error ?? null} description={f.help || undefined}>
      {f.type === "select" ? (
        <select id={id} className={cn(inputBase, "h-8")} value={value} onChange={(e) => onChange(e.target.value)} {...aria}>
          <option value="">Choose…</option>
          {f.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      ) : f.type === "long_text" ? (
        <Textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} placeholder={f.placeholder} {...aria} />
      ) : (
        <Input id={id} type={f.type === "number" ? "number" : f.type === "email" ? "email" : f.type === "date" ? "date" : "text"} value={value} onChange={(e) => onChange(e.target.value)} placeholder={f.placeholder} {...aria} />
      )}
    </Field>
  );
}

/** One request: what is asked, who decides, every decision; approvers decide here (admins who are approvers). */
export function ApprovalSheet({ id, onOpenChange }: { id: string | null; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const q = useQuery({ ...trpc.approvals.get.queryOptions({ id: id ?? "" }), enabled: id !== null });
  const [comment, setComment] = React.useState("");
  const [values, setValues] = React.useState<Record<string, string>>({});
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  React.useEffect(() => {
    setComment("");
    setValues({});
    setErrors({});
  }, [id]);
  const decide = useMutation(
    trpc.approvals.decide.mutationOptions({
      onSuccess: (r) => {
        toast.success(r.kind === "form" ? "Form submitted" : `Decision recorded: ${statusLabel(r.status)}`);
        void qc.invalidateQueries({ queryKey: trpc.approvals.pathKey() });
      },
      onError: (e) => {
        const issues = (e.data as { appDetails?: { issues?: Array<{ field: string; message: string }> } } | undefined)?.appDetails?.issues ?? [];
        if (issues.length) setErrors(Object.fromEntries(issues.map((i) => [i.field.replace(/^values\./, ""), i.message])));
        toast.error(errorMessage(e));
      },
    }),
  );
  const a = q.data;
  return (
    <Sheet open={id !== null} onOpenChange={onOpenChange}>
      <SheetContent className="sm:max-w-xl" data-testid="approval-sheet">
        <SheetHeader>
          <SheetTitle>{a ? a.title : "Approval request"}</SheetTitle>
          <SheetDescription>{a ? `${a.automationName} · ${a.nodeName}` : "Loading…"}</SheetDescription>
        </SheetHeader>
        <SheetBody className="space-y-6">
          {!a ? (
            q.isError ? <p className="text-sm text-destructive">{errorMessage(q.error)}</p> : <Skeleton className="h-40 w-full" />
          ) : (
            <>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Badge variant={STATUS_VARIANT[a.status] ?? "neutral"} data-testid="approval-status">{statusLabel(a.status)}</Badge>
                <span className="text-muted-foreground">{progressText(a)}</span>
                <span className="text-muted-foreground">·</span>
                <span className="text-muted-foreground">
                  {a.status === "PENDING" ? "expires " : "requested "}
                  <RelativeTime value={a.status === "PENDING" ? a.expiresAt : a.createdAt} />
                </span>
                <Link href={`/runs/${a.runId}`} className="ml-auto inline-flex items-center gap-1 text-primary hover:underline">
                  Open run <ExternalLink className="size-3.5" aria-hidden />
                </Link>
              </div>
              {a.message ? <p className="whitespace-pre-wrap text-sm">{a.message}</p> : null}
              {a.details.length ? (
                <dl className="grid grid-cols-[minmax(7rem,max-content)_1fr] gap-x-4 gap-y-1.5 rounded-lg border border-border p-3 text-sm">
                  {a.details.map((d, i) => (
                    <React.Fragment key={i}>
                      <dt className="text-muted-foreground">{d.label}</dt>
                      <dd className="break-words">{d.value || "—"}</dd>
                    </React.Fragment>
                  ))}
                </dl>
              ) : null}
              <section>
                <h3 className="mb-2 text-sm font-medium">Approvers</h3>
                <ul className="divide-y divide-border rounded-lg border border-border text-sm">
                  {a.approvers.map((p) => (
                    <li key={p.id} className="flex items-center justify-between gap-3 px-3 py-2">
                      <span className="min-w-0 truncate">
                        {p.name ? `${p.name} · ` : ""}
                        <span className="text-muted-foreground">{p.email}</span>
                      </span>
                      <span className="flex shrink-0 items-center gap-1.5">
                        {p.isMember ? <Badge variant="outline">Member</Badge> : null}
                        {p.decided ? <Badge variant="neutral">Answered</Badge> : <Badge variant="outline">Waiting</Badge>}
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
              <section>
                <h3 className="mb-2 text-sm font-medium">History</h3>
                {a.decisions.length === 0 ? (
                  <p className="text-sm text-muted-foreground">No decision yet.</p>
                ) : (
                  <ol className="space-y-2" data-testid="approval-history">
                    {a.decisions.map((d) => (
                      <li key={d.id} className="rounded-lg border border-border p-3 text-sm">
                        <div className="flex flex-wrap items-center gap-2">
                          <Badge variant={STATUS_VARIANT[d.decision.toUpperCase()] ?? "neutral"}>{statusLabel(d.decision.toUpperCase())}</Badge>
                          <span className="font-medium">{d.by}</span>
                          <span className="ml-auto text-xs text-muted-foreground" title={formatAbsolute(d.at)}>
                            <RelativeTime value={d.at} />
                          </span>
                        </div>
                        <p className="mt-1 text-xs text-muted-foreground">
                          {CHANNEL[d.channel] ?? d.channel}
                          {d.ip ? ` · IP ${d.ip}` : ""}
                        </p>
                        {d.comment ? <p className="mt-2 whitespace-pre-wrap">{d.comment}</p> : null}
                        {d.values ? <pre className="mt-2 overflow-x-auto rounded bg-muted p-2 font-mono text-xs">{JSON.stringify(d.values, null, 2)}</pre> : null}
                      </li>
                    ))}
                  </ol>
                )}
              </section>
              {a.canDecide ? (
                <section className="space-y-3" aria-label="Your decision">
                  <h3 className="text-sm font-medium">{a.kind === "form" ? "Fill in the form" : "Your decision"}</h3>
                  {a.kind === "form" ? (
                    a.fields.map((f) => (
                      <FormFieldInput key={f.name} f={f} value={values[f.name] ?? ""} error={errors[f.name]} onChange={(v) => setValues((s) => ({ ...s, [f.name]: v }))} />
                    ))
                  ) : (
                    <Field id="approval-comment" label="Comment" hint="Optional">
                      <Textarea id="approval-comment" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} data-testid="approval-comment" />
                    </Field>
                  )}
                </section>
              ) : a.status === "PENDING" ? (
                <p className="rounded-lg bg-muted px-3 py-2 text-sm text-muted-foreground" data-testid="approval-readonly">
                  Read-only: approvers decide from the link in their email, or here when they are workspace admins.
                </p>
              ) : null}
            </>
          )}
        </SheetBody>
        {a?.canDecide ? (
          <SheetFooter>
            {a.kind === "form" ? (
              <Button loading={decide.isPending} onClick={() => decide.mutate({ id: a.id, values })} data-testid="approval-submit">
                <Check /> Submit
              </Button>
            ) : (
              <>
                <Button variant="secondary" className="text-destructive" loading={decide.isPending} onClick={() => decide.mutate({ id: a.id, decision: "reject", comment })} data-testid="approval-reject">
                  <X /> Reject
                </Button>
                <Button loading={decide.isPending} onClick={() => decide.mutate({ id: a.id, decision: "approve", comment })} data-testid="approval-approve">
                  <Check /> Approve
                </Button>
              </>
            )}
          </SheetFooter>
        ) : null}
      </SheetContent>
    </Sheet>
  );
}
