import * as React from "react";
import type { LucideIcon } from "lucide-react";
import { cn } from "./utils";

interface EmptyStateProps {
  icon?: LucideIcon;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Buttons / links. */
  action?: React.ReactNode;
  className?: string;
  /** compact: inside popovers and panels. */
  size?: "default" | "compact";
  /** Element of the title: a heading where the empty state is the page's (or section's) content. */
  titleAs?: "p" | "h1" | "h2" | "h3";
}

export function EmptyState({ icon: Icon, title, description, action, className, size = "default", titleAs: Title = "p" }: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center text-center",
        size === "default" ? "gap-3 px-6 py-14" : "gap-2 px-4 py-8",
        className,
      )}
    >
      {Icon ? (
        <div
          className={cn(
            "flex items-center justify-center rounded-xl border border-border bg-gradient-to-b from-background to-muted text-muted-foreground shadow-xs",
            size === "default" ? "size-11" : "size-9",
          )}
        >
          <Icon className={size === "default" ? "size-5" : "size-4"} aria-hidden />
        </div>
      ) : null}
      <div className="grid max-w-sm gap-1">
        <Title className={cn("font-semibold text-foreground", size === "default" ? "text-base" : "text-sm")}>{title}</Title>
        {description ? <div className="text-sm text-muted-foreground">{description}</div> : null}
      </div>
      {action ? <div className="mt-1 flex items-center gap-2">{action}</div> : null}
    </div>
  );
}
