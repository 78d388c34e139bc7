"use client";

import * as React from "react";
import { Tabs as TabsPrimitive } from "radix-ui";
import { cn } from "./utils";

/**
 * Which tab is selected and whether any panel (TabsContent) exists. Radix points every trigger's
 * aria-controls at its panel's id, but a panel is only in the DOM while its tab is selected, and
 * tabs used as a segmented filter have no panels at all: aria-controls would name a missing
 * element (invalid ARIA). Triggers keep it only when their panel is rendered.
 */
const PanelsContext = React.createContext<{ value: string | undefined; panels: boolean; addPanel: () => () => void } | null>(null);

export function Tabs({ value, defaultValue, onValueChange, ...props }: React.ComponentProps<typeof TabsPrimitive.Root>) {
  const [uncontrolled, setUncontrolled] = React.useState(defaultValue);
  const [panelCount, setPanelCount] = React.useState(0);
  const addPanel = React.useCallback(() => {
    setPanelCount((n) => n + 1);
    return () => setPanelCount((n) => n - 1);
  }, []);
  const current = value ?? uncontrolled;
  const ctx = React.useMemo(() => ({ value: current, panels: panelCount > 0, addPanel }), [current, panelCount, addPanel]);
  return (
    <PanelsContext.Provider value={ctx}>
      <TabsPrimitive.Root
        value={value}
        defaultValue={defaultValue}
        onValueChange={(v) => {
          setUncontrolled(v);
          onValueChange?.(v);
        }}
        {...props}
      />
    </PanelsContext.Provider>
  );
}

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
  const tabs = React.useContext(PanelsContext);
  const panelRendered = tabs ? tabs.panels && tabs.value === props.value : true;
  return (
    <TabsPrimitive.Trigger
      {...(panelRendered ? {} : { "aria-controls": undefined })}
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
  const addPanel = React.useContext(PanelsContext)?.addPanel;
  React.useEffect(() => addPanel?.(), [addPanel]);
  return <TabsPrimitive.Content className={cn("outline-none", className)} {...props} />;
}
