import * as React from "react";
import { cn } from "./utils";
import { inputBase } from "./input";

export function Textarea({ className, rows = 3, ...props }: React.ComponentProps<"textarea">) {
  return <textarea data-slot="textarea" rows={rows} className={cn(inputBase, "min-h-16 resize-y py-1.5 leading-5", className)} {...props} />;
}
