"use client";

import * as React from "react";
import { Dialog as DialogPrimitive } from "radix-ui";
import { X } from "lucide-react";
import { cn } from "./utils";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;
export const DialogPortal = DialogPrimitive.Portal;

export const overlayClass =
  "fixed inset-0 z-50 bg-black/40 backdrop-blur-[2px] data-[state=open]:animate-fade-in data-[state=closed]:animate-fade-out dark:bg-black/60";

export function DialogOverlay({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Overlay>) {
  return <DialogPrimitive.Overlay data-slot="dialog-overlay" className={cn(overlayClass, className)} {...props} />;
}

/**
 * Focus goes back to where it was when a dialog or sheet opened. Radix remembers the element that
 * had focus when its focus scope mounts, but an `autoFocus` field inside has taken focus by then,
 * so closing would "return" focus to the removed field (i.e. the page body). The origin is read
 * while the content first renders, before any autoFocus runs (<FocusOrigin> inside the content).
 */
export function useFocusReturn(onCloseAutoFocus?: (event: Event) => void) {
  const origin = React.useRef<HTMLElement | null>(null);
  const handle = React.useCallback(
    (event: Event) => {
      onCloseAutoFocus?.(event);
      const el = origin.current;
      origin.current = null;
      if (event.defaultPrevented || !el || !el.isConnected || el === document.body) return;
      event.preventDefault();
      el.focus();
    },
    [onCloseAutoFocus],
  );
  return { origin, onCloseAutoFocus: handle };
}

export function FocusOrigin({ into }: { into: React.RefObject<HTMLElement | null> }) {
  // A state initializer runs once per mount, during render: before the content's autoFocus.
  React.useState(() => {
    if (typeof document !== "undefined") into.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return null;
  });
  return null;
}

export const dialogContentClass =
  "fixed top-1/2 left-1/2 z-50 grid w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 gap-4 rounded-xl border border-border bg-popover p-5 text-popover-foreground shadow-lg outline-none data-[state=open]:animate-dialog-in data-[state=closed]:animate-fade-out";

export function DialogContent({
  className,
  children,
  hideClose = false,
  onCloseAutoFocus,
  ...props
}: React.ComponentProps<typeof DialogPrimitive.Content> & { hideClose?: boolean }) {
  const focus = useFocusReturn(onCloseAutoFocus);
  return (
    <DialogPortal>
      <DialogOverlay />
      <DialogPrimitive.Content data-slot="dialog-content" className={cn(dialogContentClass, className)} onCloseAutoFocus={focus.onCloseAutoFocus} {...props}>
        <FocusOrigin into={focus.origin} />
        {children}
        {hideClose ? null : (
          <DialogPrimitive.Close
            className="absolute top-3.5 right-3.5 inline-flex size-7 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-accent hover:text-foreground"
            aria-label="Close"
          >
            <X className="size-4" />
          </DialogPrimitive.Close>
        )}
      </DialogPrimitive.Content>
    </DialogPortal>
  );
}

export function DialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="dialog-header" className={cn("grid gap-1 pr-8", className)} {...props} />;
}

export function DialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="dialog-footer"
      className={cn("mt-1 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)}
      {...props}
    />
  );
}

export function DialogTitle({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Title>) {
  return <DialogPrimitive.Title data-slot="dialog-title" className={cn("text-lg font-semibold tracking-tight", className)} {...props} />;
}

export function DialogDescription({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Description>) {
  return (
    <DialogPrimitive.Description data-slot="dialog-description" className={cn("text-sm text-muted-foreground", className)} {...props} />
  );
}
