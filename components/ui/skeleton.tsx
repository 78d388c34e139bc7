import * as React from "react";
import { cn } from "./utils";

export function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden
      className={cn("skeleton-shimmer animate-shimmer rounded-md bg-muted", className)}
      {...props}
    />
  );
}
