"use client";

import { memo, useMemo, useState, type DragEvent } from "react";
import { Search, X } from "lucide-react";
import { cn } from "@/components/ui/utils";
import { CATEGORY_ORDER, NODE_TYPES, isTriggerType } from "@/lib/nodes/registry";
import { KIND_STYLES } from "../catalog";
import { NodeIcon } from "../nodes/node-icon";
import { useEditor } from "../store/context";

export const DND_MIME = "application/x-switchyard-node-type";

function matches(q: string, ...texts: string[]): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = texts.join(" ").toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Left sidebar: searchable node catalog; drag an item onto the canvas (or an edge), or click to add it. */
export const Palette = memo(function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const [query, setQuery] = useState("");
  const hasTrigger = useEditor((s) => s.nodes.some((n) => n.type === "trigger"));
  const groups = useMemo(
    () =>
      CATEGORY_ORDER.map((category) => ({
        category,
        types: NODE_TYPES.filter((t) => t.category === category && matches(query, t.label, t.type, t.description, t.category)),
      })).filter((g) => g.types.length > 0),
    [query],
  );

  const onDragStart = (e: DragEvent<HTMLElement>, type: string) => {
    e.dataTransfer.setData(DND_MIME, type);
    e.dataTransfer.setData("text/plain", type);
    e.dataTransfer.effectAllowed = "copy";
  };

  return (
    <aside data-testid="palette" className="flex w-64 shrink-0 flex-col border-r border-border bg-sidebar" aria-label="Step palette">
      <div className="border-b border-border p-3">
        <div className="relative">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <input
            data-testid="palette-search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && setQuery("")}
            placeholder="Search steps"
            aria-label="Search steps"
            className="h-8 w-full rounded-md border border-input bg-background pr-7 pl-8 text-sm shadow-xs outline-none placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-3 focus-visible:ring-ring/20"
          />
          {query ? (
            <button
              type="button"
              aria-label="Clear search"
              onClick={() => setQuery("")}
              className="absolute top-1/2 right-1.5 flex size-5 -translate-y-1/2 items-center justify-center rounded text-muted-foreground hover:bg-accent"
            >
              <X className="size-3" />
            </button>
          ) : null}
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto px-2 py-2">
        {groups.length === 0 ? <p className="px-2 py-6 text-center text-xs text-muted-foreground">No step matches “{query}”.</p> : null}
        {groups.map((g) => (
          <section key={g.category} className="mb-3">
            <h2 className="px-2 pt-1 pb-1.5 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">{g.category}</h2>
            <ul className="grid gap-0.5">
              {g.types.map((t) => {
                const disabled = isTriggerType(t.type) && hasTrigger;
                return (
                  <li key={t.type}>
                    <button
                      type="button"
                      draggable={!disabled}
                      onDragStart={(e) => onDragStart(e, t.type)}
                      onClick={() => onAdd(t.type)}
                      disabled={disabled}
                      data-testid={`palette-item-${t.type}`}
                      title={disabled ? "This automation already has a trigger (one per automation)" : `Drag onto the canvas, or click to add`}
                      className={cn(
                        "group flex w-full cursor-grab items-start gap-2.5 rounded-lg px-2 py-1.5 text-left transition-colors hover:bg-sidebar-accent active:cursor-grabbing",
                        "disabled:cursor-not-allowed disabled:opacity-45 disabled:hover:bg-transparent",
                      )}
                    >
                      <span className={cn("mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md", KIND_STYLES[t.kind].tile)}>
                        <NodeIcon name={t.icon} className="size-4" />
                      </span>
                      <span className="min-w-0">
                        <span className="block truncate text-[13px] font-medium text-foreground">{t.label}</span>
                        <span className="line-clamp-2 text-xs leading-snug text-muted-foreground">{t.description}</span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
      <p className="border-t border-border px-3 py-2 text-[11px] leading-snug text-muted-foreground">
        Drag a step onto the canvas, or drop it on a connection to insert it in between.
      </p>
    </aside>
  );
});
