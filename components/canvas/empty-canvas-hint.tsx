import { MousePointerClick, Play } from "lucide-react";

/** Shown over an empty canvas. */
export function EmptyCanvasHint({ readOnly }: { readOnly: boolean }) {
  return (
    <div className="pointer-events-none absolute inset-0 flex items-center justify-center" data-testid="canvas-empty">
      <div className="max-w-sm rounded-xl border border-dashed border-border bg-background/80 px-6 py-5 text-center shadow-xs backdrop-blur-sm">
        <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-amber-500/15 text-amber-600 dark:text-amber-400">
          {readOnly ? <MousePointerClick className="size-5" /> : <Play className="size-5" />}
        </div>
        <p className="text-sm font-semibold">{readOnly ? "This automation has no steps yet" : "Start with a trigger"}</p>
        <p className="mt-1 text-xs leading-relaxed text-muted-foreground">
          {readOnly
            ? "An admin can add a trigger and steps in the editor."
            : "Drag a trigger from the left onto the canvas, then add conditions and actions with the + on each step."}
        </p>
      </div>
    </div>
  );
}
