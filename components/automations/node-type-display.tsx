import {
  Box,
  CalendarClock,
  FileText,
  Play,
  Users,
  Webhook,
  Workflow,
  Zap,
  CircleDashed,
  type LucideIcon,
} from "lucide-react";
import { getNodeType } from "@/lib/nodes/registry";
import { iconFor } from "@/components/canvas/nodes/node-icon";
import { cn } from "@/components/ui/utils";

/** Trigger types that have no catalog entry yet (later issues add them). */
const TRIGGER_FALLBACK: Record<string, { label: string; icon: LucideIcon }> = {
  manual: { label: "Manual", icon: Play },
  webhook: { label: "Webhook", icon: Webhook },
  schedule: { label: "Schedule", icon: CalendarClock },
  event: { label: "Event", icon: Zap },
  child_workflow: { label: "Called by workflow", icon: Workflow },
  workflow_called: { label: "Called by workflow", icon: Workflow },
  bulk_enroll: { label: "Bulk enroll", icon: Users },
  form_submission: { label: "Form submission", icon: FileText },
  none: { label: "No trigger", icon: CircleDashed },
};

function humanize(type: string): string {
  const s = type.replace(/_trigger$/, "").replace(/[_-]+/g, " ").trim();
  return s ? s[0].toUpperCase() + s.slice(1) : type;
}

export function nodeTypeDisplay(type: string): { label: string; icon: LucideIcon } {
  const def = getNodeType(type);
  if (def) return { label: def.label, icon: iconFor(def.icon) };
  return TRIGGER_FALLBACK[type] ?? { label: humanize(type), icon: Box };
}

/** Short trigger label for list views ("Manual", "Webhook", "Schedule"). */
function triggerDisplay(type: string): { label: string; icon: LucideIcon } {
  return TRIGGER_FALLBACK[type] ?? nodeTypeDisplay(type);
}

export function TriggerLabel({ type, className }: { type: string; className?: string }) {
  const { label, icon: Icon } = triggerDisplay(type);
  return (
    <span className={cn("inline-flex items-center gap-1.5 whitespace-nowrap text-sm text-muted-foreground", className)}>
      <Icon className="size-3.5 shrink-0" aria-hidden />
      {label}
    </span>
  );
}
