import { KeyRound, Mail, MessageSquare, Plug, Ticket, UserRound, Vault, type LucideIcon } from "lucide-react";
import { getConnectionType } from "@/lib/connections/catalog";
import { cn } from "@/components/ui/utils";

/** Icons of the connection catalog (lib/connections), by the catalog's icon name. */
const ICONS: Record<string, LucideIcon> = { KeyRound, Mail, MessageSquare, Ticket, UserRound, Vault };

export function ConnectionTypeIcon({ type, className }: { type: string; className?: string }) {
  const Icon = ICONS[getConnectionType(type)?.icon ?? ""] ?? Plug;
  return (
    <span className={cn("flex size-7 shrink-0 items-center justify-center rounded-md border border-border bg-muted text-muted-foreground", className)}>
      <Icon className="size-3.5" aria-hidden />
    </span>
  );
}
