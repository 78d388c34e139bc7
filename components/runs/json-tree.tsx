"use client";

import * as React from "react";
import { ChevronRight } from "lucide-react";
import { cn } from "@/components/ui/utils";

const PAGE = 100;

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === "object" && v !== null;
}

function Primitive({ value }: { value: unknown }) {
  if (value === null) return <span className="text-muted-foreground italic">null</span>;
  if (value === undefined) return <span className="text-muted-foreground italic">undefined</span>;
  switch (typeof value) {
    case "string":
      return <span className="break-all text-emerald-700 dark:text-emerald-400">&quot;{value}&quot;</span>;
    case "number":
      return <span className="text-sky-700 dark:text-sky-400">{String(value)}</span>;
    case "boolean":
      return <span className="text-violet-700 dark:text-violet-400">{String(value)}</span>;
    default:
      return <span>{String(value)}</span>;
  }
}

function summary(value: Record<string, unknown> | unknown[]): string {
  if (Array.isArray(value)) return `Array(${value.length})`;
  const n = Object.keys(value).length;
  return `{${n} ${n === 1 ? "key" : "keys"}}`;
}

interface NodeProps {
  name?: string | number;
  value: unknown;
  depth: number;
  defaultExpandDepth: number;
  /** bumps when "expand all"/"collapse all" is pressed */
  generation: { n: number; expand: boolean | null };
  last: boolean;
}

function JsonNode({ name, value, depth, defaultExpandDepth, generation, last }: NodeProps) {
  const [open, setOpen] = React.useState(depth < defaultExpandDepth);
  const [shown, setShown] = React.useState(PAGE);
  React.useEffect(() => {
    if (generation.expand !== null) setOpen(generation.expand);
  }, [generation]);

  const label =
    name === undefined ? null : typeof name === "number" ? (
      <span className="text-muted-foreground">{name}: </span>
    ) : (
      <span className="text-foreground/80">&quot;{name}&quot;: </span>
    );
  const comma = last ? null : <span className="text-muted-foreground">,</span>;

  if (!isContainer(value)) {
    return (
      <div className="pl-4">
        {label}
        <Primitive value={value} />
        {comma}
      </div>
    );
  }

  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const [openBr, closeBr] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div className="pl-4">
        {label}
        <span className="text-muted-foreground">
          {openBr}
          {closeBr}
        </span>
        {comma}
      </div>
    );
  }

  return (
    <div className={cn(depth > 0 && "pl-4")}>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="-ml-4 inline-flex items-center rounded-sm text-left hover:bg-accent/60 focus-visible:outline-2 focus-visible:outline-ring"
      >
        <ChevronRight className={cn("size-3.5 shrink-0 text-muted-foreground transition-transform", open && "rotate-90")} aria-hidden />
        <span>
          {label}
          <span className="text-muted-foreground">{openBr}</span>
          {open ? null : (
            <>
              <span className="mx-1 rounded bg-muted px-1 text-2xs text-muted-foreground">{summary(value)}</span>
              <span className="text-muted-foreground">{closeBr}</span>
              {comma}
            </>
          )}
        </span>
      </button>
      {open ? (
        <>
          <div className="border-l border-border/70 ml-[-9px] pl-[9px]">
            {entries.slice(0, shown).map(([k, v], i) => (
              <JsonNode
                key={k}
                name={k}
                value={v}
                depth={depth + 1}
                defaultExpandDepth={defaultExpandDepth}
                generation={generation}
                last={i === Math.min(shown, entries.length) - 1 && shown >= entries.length}
              />
            ))}
            {entries.length > shown ? (
              <button type="button" className="pl-4 text-xs font-medium text-primary hover:underline" onClick={() => setShown((s) => s + PAGE)}>
                Show {Math.min(PAGE, entries.length - shown)} more of {entries.length - shown} remaining…
              </button>
            ) : null}
          </div>
          <div>
            <span className="text-muted-foreground">{closeBr}</span>
            {comma}
          </div>
        </>
      ) : null}
    </div>
  );
}

/** Collapsible, syntax-colored JSON tree. */
export function JsonTree({
  value,
  defaultExpandDepth = 2,
  generation = { n: 0, expand: null },
  className,
}: {
  value: unknown;
  defaultExpandDepth?: number;
  generation?: { n: number; expand: boolean | null };
  className?: string;
}) {
  return (
    <div className={cn("font-mono text-xs leading-5", className)}>
      {isContainer(value) ? (
        <div className="pl-4">
          <JsonNode value={value} depth={0} defaultExpandDepth={defaultExpandDepth} generation={generation} last />
        </div>
      ) : (
        <Primitive value={value} />
      )}
    </div>
  );
}
