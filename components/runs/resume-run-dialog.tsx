"use client";

import * as React from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Play } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/components/shell/errors";

type Issue = { field: string; message: string };

/** A JSON object typed by the admin, or the reason it is not one. */
export function parseResumeData(text: string): { ok: true; data: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === "") return { ok: true, data: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return { ok: false, error: "Enter a JSON object, e.g. { \"key\": \"value\" }" };
  return { ok: true, data: value as Record<string, unknown> };
}

/**
 * "Resume…" on the run page (admins; runs.resume enforces approvals:write): a run
 * paused at an approval is approved or rejected with a comment, a form is
 * submitted with its values as JSON, any other external wait is resumed with a
 * decision and JSON data. The decision is recorded as an admin resume (audit log,
 * run history, the step's record); the engine lets exactly one resume win.
 */
export function ResumeRunDialog({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const pending = useQuery({ ...trpc.approvals.list.queryOptions({ status: "pending", runId, limit: 1 }), enabled: open });
  const summary = pending.data?.items[0] ?? null;
  const detail = useQuery({ ...trpc.approvals.get.queryOptions({ id: summary?.id ?? "" }), enabled: open && summary?.kind === "form" });
  const kind: "approval" | "form" | "other" | null = pending.isPending ? null : summary ? summary.kind : "other";

  const [decision, setDecision] = React.useState<"approve" | "reject">("approve");
  const [otherDecision, setOtherDecision] = React.useState("resume");
  const [comment, setComment] = React.useState("");
  const [dataText, setDataText] = React.useState("");
  const [jsonError, setJsonError] = React.useState<string | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [issues, setIssues] = React.useState<Issue[]>([]);

  React.useEffect(() => {
    if (!open) return;
    setDecision("approve");
    setOtherDecision("resume");
    setComment("");
    setDataText("");
    setJsonError(null);
    setError(null);
    setIssues([]);
  }, [open]);
  // A form: start from its field names.
  const fields = detail.data?.fields;
  React.useEffect(() => {
    if (fields && fields.length) setDataText(JSON.stringify(Object.fromEntries(fields.map((f) => [f.name, f.type === "checkbox" ? false : ""])), null, 2));
  }, [fields]);

  const resume = useMutation(
    trpc.runs.resume.mutationOptions({
      onSuccess: async (r) => {
        toast.success("Run resumed", { description: r.requestId ? `Recorded as an admin decision: ${r.outcome}.` : `Resumed with “${r.outcome}”.` });
        setOpen(false);
        await Promise.all([qc.invalidateQueries({ queryKey: trpc.runs.pathKey() }), qc.invalidateQueries({ queryKey: trpc.approvals.pathKey() })]);
      },
      onError: (e) => {
        const found = (e.data as { appDetails?: { issues?: Issue[] } } | undefined)?.appDetails?.issues ?? [];
        setIssues(found);
        setError(errorMessage(e));
        toast.error(`Could not resume the run: ${errorMessage(e)}`);
      },
    }),
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setJsonError(null);
    setError(null);
    setIssues([]);
    if (kind === "approval") {
      resume.mutate({ runId, decision, comment });
      return;
    }
    const parsed = parseResumeData(dataText);
    if (!parsed.ok) {
      setJsonError(parsed.error);
      document.getElementById("resume-data")?.focus();
      return;
    }
    resume.mutate({ runId, decision: kind === "form" ? "submit" : otherDecision.trim() || "resume", data: parsed.data, comment });
  }

  const dataError = jsonError ?? (issues.length ? issues.map((i) => `${i.field.replace(/^data\./, "")}: ${i.message}`).join("; ") : null);

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="secondary" size="sm" data-testid="resume-run">
          <Play />
          Resume…
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg" data-testid="resume-run-dialog">
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Resume this run</DialogTitle>
            <DialogDescription>
              {kind === "approval" || kind === "form"
                ? `It waits on the ${kind} “${summary?.title ?? ""}”. Your decision settles it for everyone and is recorded as an admin resume.`
                : kind === "other"
                  ? "It waits to be resumed from outside. The waiting step receives your decision and data."
                  : "Loading what the run waits on…"}
            </DialogDescription>
          </DialogHeader>
          {kind === null ? (
            <Skeleton className="h-24 w-full" />
          ) : kind === "approval" ? (
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Decision</legend>
              {(["approve", "reject"] as const).map((d) => (
                <label key={d} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name="resume-decision"
                    value={d}
                    checked={decision === d}
                    onChange={() => setDecision(d)}
                    className="size-4 accent-[var(--primary)]"
                    data-testid={`resume-decision-${d}`}
                  />
                  {d === "approve" ? "Approve (the run takes the approved branch)" : "Reject (the run takes the rejected branch)"}
                </label>
              ))}
            </fieldset>
          ) : (
            <>
              {kind === "other" ? (
                <Field id="resume-decision-text" label="Decision">
                  <Input id="resume-decision-text" value={otherDecision} onChange={(e) => setOtherDecision(e.target.value)} maxLength={64} />
                </Field>
              ) : null}
              <Field
                id="resume-data"
                label={kind === "form" ? "Form values (JSON)" : "Data (JSON)"}
                hint={kind === "form" ? "Validated like the form" : "Optional"}
                error={dataError}
              >
                {kind === "form" && detail.isPending ? (
                  <Skeleton className="h-28 w-full" />
                ) : (
                  <Textarea
                    id="resume-data"
                    value={dataText}
                    onChange={(e) => setDataText(e.target.value)}
                    className="min-h-28 font-mono text-xs"
                    spellCheck={false}
                    placeholder="{}"
                    aria-invalid={dataError ? true : undefined}
                    aria-describedby={dataError ? "resume-data-error" : undefined}
                    data-testid="resume-data"
                  />
                )}
              </Field>
            </>
          )}
          <Field id="resume-comment" label="Comment" hint="Optional">
            <Textarea id="resume-comment" value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} data-testid="resume-comment" />
          </Field>
          {error && !dataError ? (
            <p role="alert" className="text-sm text-destructive" data-testid="resume-error">
              {error}
            </p>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={() => setOpen(false)} disabled={resume.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={resume.isPending} disabled={kind === null} data-testid="confirm-resume-run">
              {kind === "approval" ? (decision === "approve" ? "Approve and resume" : "Reject and resume") : kind === "form" ? "Submit and resume" : "Resume run"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
