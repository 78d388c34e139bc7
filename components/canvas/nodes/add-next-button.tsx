"use client";

import { useState } from "react";
import { Plus } from "lucide-react";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { cn } from "@/components/ui/utils";
import { useEditorApi } from "../store/context";
import { NodePicker } from "../palette/node-picker";

/** The "+" next to an output handle: pick the next step from a searchable list. */
export function AddNextButton({ nodeId, handle, className }: { nodeId: string; handle: string; className?: string }) {
  const [open, setOpen] = useState(false);
  const api = useEditorApi();
  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <button
          type="button"
          aria-label={`Add a step after this ${handle === "next" ? "step" : `"${handle}" output`}`}
          data-testid={`add-after-${nodeId}-${handle}`}
          className={cn(
            "nodrag nopan flex size-5 items-center justify-center rounded-full border border-border bg-background text-muted-foreground shadow-xs transition hover:scale-110 hover:border-primary hover:bg-primary hover:text-primary-foreground focus-visible:outline-2 focus-visible:outline-ring",
            open && "border-primary bg-primary-solid text-primary-foreground",
            className,
          )}
          onClick={(e) => e.stopPropagation()}
        >
          <Plus className="size-3" strokeWidth={2.5} />
        </button>
      </PopoverTrigger>
      <PopoverContent side="right" align="start" className="w-80 p-0" onClick={(e) => e.stopPropagation()}>
        <NodePicker
          onPick={(type) => {
            setOpen(false);
            api.getState().insertAfter(nodeId, handle, type);
          }}
        />
      </PopoverContent>
    </Popover>
  );
}
