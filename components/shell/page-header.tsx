import * as React from "react";
import { cn } from "@/components/ui/utils";

/** Sticky top bar of a page: title (or breadcrumbs) on the left, actions on the right. */
export function PageHeader({
  title,
  description,
  actions,
  breadcrumbs,
  className,
}: {
  title: React.ReactNode;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  breadcrumbs?: React.ReactNode;
  className?: string;
}) {
  return (
    <header className={cn("border-b border-border bg-background", className)}>
      <div className="mx-auto flex w-full max-w-6xl flex-wrap items-end justify-between gap-x-6 gap-y-3 px-6 pt-6 pb-5 lg:px-8">
        <div className="min-w-0 space-y-1">
          {breadcrumbs ? <div className="mb-2 flex items-center gap-1.5 text-sm text-muted-foreground">{breadcrumbs}</div> : null}
          <h1 className="truncate text-2xl font-semibold text-foreground">{title}</h1>
          {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
        </div>
        {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
      </div>
    </header>
  );
}

/** Page body container with the same horizontal rhythm as PageHeader. */
export function PageBody({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("mx-auto w-full max-w-6xl px-6 py-6 lg:px-8", className)} {...props} />;
}
