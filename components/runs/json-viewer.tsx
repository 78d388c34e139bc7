"use client";

import * as React from "react";
import { AlertTriangle, ChevronsDownUp, ChevronsUpDown } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/components/ui/utils";
import { JsonTree } from "./json-tree";

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

interface JsonViewerProps {
  title: string;
  value: unknown;
  /** The stored payload was cut at the engine's size limit. */
  truncated?: boolean;
  /** Shown instead of the value when nothing was recorded. */
  emptyText?: string;
  className?: string;
  defaultExpandDepth?: number;
  /** Max height of the scroll area (CSS), default 28rem. */
  maxHeight?: string;
  testId?: string;
  /** Heading level of the title (default 4, inside a step; 3 directly under a section's h2). */
  headingLevel?: 3 | 4;
}

/** A titled JSON panel: tree/raw views, expand/collapse all, copy, and a truncation notice. */
export function JsonViewer({ title, value, truncated, emptyText = "Nothing recorded", className, defaultExpandDepth = 2, maxHeight = "28rem", testId, headingLevel = 4 }: JsonViewerProps) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  const [mode, setMode] = React.useState<"tree" | "raw">("tree");
  const [generation, setGeneration] = React.useState<{ n: number; expand: boolean | null }>({ n: 0, expand: null });
  const isEmpty = value === null || value === undefined;
  const raw = React.useMemo(() => (typeof value === "string" ? value : JSON.stringify(value, null, 2) ?? ""), [value]);
  const isText = typeof value === "string";

  return (
    <section className={cn("overflow-hidden rounded-lg border border-border bg-card", className)} data-testid={testId}>
      <header className="flex h-9 items-center gap-2 border-b border-border bg-muted/40 pr-1.5 pl-3">
        <Heading className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">{title}</Heading>
        {isEmpty ? null : <span className="text-2xs text-muted-foreground tabular">{formatBytes(new TextEncoder().encode(raw).length)}</span>}
        <div className="ml-auto flex items-center gap-0.5">
          {isEmpty || isText ? null : (
            <>
              <Tabs value={mode} onValueChange={(v) => setMode(v as "tree" | "raw")}>
                <TabsList className="h-6 p-0.5">
                  <TabsTrigger value="tree" className="h-5 px-1.5 text-xs">
                    Tree
                  </TabsTrigger>
                  <TabsTrigger value="raw" className="h-5 px-1.5 text-xs">
                    Raw
                  </TabsTrigger>
                </TabsList>
              </Tabs>
              {mode === "tree" ? (
                <>
                  <Tooltip content="Expand all">
                    <Button variant="ghost" size="icon-xs" aria-label={`Expand all in ${title}`} onClick={() => setGeneration((g) => ({ n: g.n + 1, expand: true }))}>
                      <ChevronsUpDown />
                    </Button>
                  </Tooltip>
                  <Tooltip content="Collapse all">
                    <Button variant="ghost" size="icon-xs" aria-label={`Collapse all in ${title}`} onClick={() => setGeneration((g) => ({ n: g.n + 1, expand: false }))}>
                      <ChevronsDownUp />
                    </Button>
                  </Tooltip>
                </>
              ) : null}
            </>
          )}
          {isEmpty ? null : <CopyButton value={raw} label={`Copy ${title.toLowerCase()}`} />}
        </div>
      </header>
      {truncated ? (
        <div className="flex items-start gap-2 border-b border-warning/30 bg-warning/10 px-3 py-2 text-xs text-foreground" data-testid="truncated-notice">
          <AlertTriangle className="mt-px size-3.5 shrink-0 text-warning" aria-hidden />
          <span>Truncated: this output was larger than the storage limit, so only its beginning was kept.</span>
        </div>
      ) : null}
      <div className="overflow-auto p-3" style={{ maxHeight }}>
        {isEmpty ? (
          <p className="text-xs text-muted-foreground italic">{emptyText}</p>
        ) : mode === "raw" || isText ? (
          <pre className="font-mono text-xs leading-5 break-all whitespace-pre-wrap">{raw}</pre>
        ) : (
          <JsonTree value={value} generation={generation} defaultExpandDepth={defaultExpandDepth} />
        )}
      </div>
    </section>
  );
}
