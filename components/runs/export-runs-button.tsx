"use client";

import * as React from "react";
import { Download } from "lucide-react";
import { toast } from "sonner";
import type { RouterInputs } from "@/lib/trpc/types";
import { Button, type ButtonProps } from "@/components/ui/button";
import { Tooltip } from "@/components/ui/tooltip";

/** The runs list's filters (runs.list input without paging). */
export type RunListFilters = Omit<RouterInputs["runs"]["list"], "cursor" | "limit">;

/** At most this many runs (the newest matching) go into one file; mirrors EXPORT_MAX_RUNS on the server. */
const MAX_RUNS = 500;

function exportUrl({ automationId, runId, filters }: { automationId?: string; runId?: string; filters?: RunListFilters }): string {
  const p = new URLSearchParams();
  if (runId) p.set("runId", runId);
  if (automationId) p.set("automationId", automationId);
  if (!runId && filters) {
    const { cursor: _c, limit: _l, ...rest } = filters as RunListFilters & { cursor?: unknown; limit?: unknown };
    if (Object.keys(rest).length > 0) p.set("filters", JSON.stringify(rest));
  }
  return `/api/runs/export?${p.toString()}`;
}

function filenameOf(res: Response): string {
  const cd = res.headers.get("content-disposition") ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]);
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? "runs-export.json";
}

/**
 * "Export" as a JSON file: one run (runId), or the newest runs (up to 500)
 * matching the runs list's current filters. Downloads through the session
 * route GET /api/runs/export (Content-Disposition: attachment); errors are
 * shown as toasts with the server's message.
 */
export function ExportRunsButton({
  automationId,
  runId,
  filters,
  size = "default",
  variant = "secondary",
}: {
  automationId?: string;
  runId?: string;
  filters?: RunListFilters;
  size?: ButtonProps["size"];
  variant?: ButtonProps["variant"];
}) {
  const [busy, setBusy] = React.useState(false);
  const single = Boolean(runId);

  async function download() {
    setBusy(true);
    const toastId = toast.loading(single ? "Preparing the export…" : "Exporting runs…");
    try {
      const res = await fetch(exportUrl({ automationId, runId, filters }), { credentials: "same-origin" });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The server answered ${res.status}`);
      }
      const blob = await res.blob();
      const name = filenameOf(res);
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      let count: number | null = null;
      let truncated = false;
      if (!single) {
        // The file starts with its header ({ automation, exported_at, run_count, limit, truncated, runs… }).
        const head = await blob.slice(0, 600).text();
        count = Number(/"run_count":(\d+)/.exec(head)?.[1] ?? NaN);
        truncated = /"truncated":true,"runs"/.test(head);
      }
      toast.success(
        single ? `Downloaded ${name}` : `Exported ${Number.isFinite(count) ? count : "the"} run${count === 1 ? "" : "s"}${truncated ? ` (the newest ${MAX_RUNS})` : ""}`,
        { id: toastId, description: single ? undefined : name },
      );
    } catch (err) {
      toast.error("Export failed", { id: toastId, description: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  }

  const hint = single ? "Download this run and its steps as JSON" : `Download the newest ${MAX_RUNS} runs matching these filters as JSON`;
  return (
    <Tooltip content={hint}>
      <Button variant={variant} size={size} onClick={() => void download()} loading={busy} data-testid={single ? "export-run" : "export-runs"} aria-label={single ? "Export this run as JSON" : "Export runs matching the filters as JSON"}>
        {busy ? null : <Download aria-hidden />}
        Export
      </Button>
    </Tooltip>
  );
}
