"use client";

import * as React from "react";
import { Check, Copy } from "lucide-react";
import { Button, type ButtonProps } from "./button";
import { Tooltip } from "./tooltip";
import { toast } from "./toaster";

/** Copies `value` to the clipboard; shows a check for 1.5 s. */
export function CopyButton({ value, label = "Copy", size = "icon-xs", variant = "ghost", ...props }: { value: string; label?: string } & Omit<ButtonProps, "value" | "onClick">) {
  const [copied, setCopied] = React.useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      toast.error("Could not copy: the browser blocked clipboard access");
    }
  }
  return (
    <Tooltip content={copied ? "Copied" : label}>
      <Button size={size} variant={variant} aria-label={label} onClick={copy} {...props}>
        {copied ? <Check className="text-success" /> : <Copy />}
      </Button>
    </Tooltip>
  );
}
