"use client";

import * as React from "react";
import { Tabs as TabsPrimitive } from "radix-ui";
import { cn } from "./utils";

export const Tabs = TabsPrimitive.Root;

/** variant "pill" (segmented control) or "line" (underlined, for page sections). */
type TabsVariant = "pill" | "line";
const VariantContext = React.createContext<TabsVariant>("pill");

export function TabsList({ className, variant = "pill", ...props }: React.ComponentProps<typeof TabsPrimitive.List> & { variant?: TabsVariant }) {
  return (
    <VariantContext.Provider value={variant}>
      <TabsPrimitive.List
        data-variant={variant}
        className={cn(
          variant === "pill"
            ? "inline-flex h-8 items-center gap-0.5 rounded-lg bg-muted p-0.5 text-muted-foreground"
            : "flex h-9 items-end gap-4 border-b border-border text-muted-foreground",
          className,
        )}
        {...props}
      />
    </VariantContext.Provider>
  );
}

export function TabsTrigger({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.Trigger>) {
  const variant = React.useContext(VariantContext);
  return (
    <TabsPrimitive.Trigger
      className={cn(
        "inline-flex items-center justify-center gap-1.5 whitespace-nowrap text-sm font-medium transition-colors outline-none focus-visible:outline-2 focus-visible:outline-ring disabled:pointer-events-none disabled:opacity-50 [&_svg]:size-4",
        variant === "pill"
          ? "h-7 rounded-md px-2.5 hover:text-foreground data-[state=active]:bg-background data-[state=active]:text-foreground data-[state=active]:shadow-xs dark:data-[state=active]:bg-accent"
          : "-mb-px h-9 border-b-2 border-transparent px-0.5 hover:text-foreground data-[state=active]:border-foreground data-[state=active]:text-foreground",
        className,
      )}
      {...props}
    />
  );
}

export function TabsContent({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.Content>) {
  return <TabsPrimitive.Content className={cn("outline-none", className)} {...props} />;
}
