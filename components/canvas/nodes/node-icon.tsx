import {
  Bell,
  Box,
  Braces,
  CalendarClock,
  CheckCheck,
  Clock,
  Code,
  FileText,
  Filter,
  GitBranch,
  GitMerge,
  Globe,
  Hand,
  Inbox,
  ListPlus,
  Mail,
  MessageSquare,
  OctagonX,
  Play,
  Radio,
  Repeat,
  Send,
  Split,
  Timer,
  UserCheck,
  Variable,
  Webhook,
  Workflow,
  Zap,
  type LucideIcon,
  type LucideProps,
} from "lucide-react";

/**
 * lucide icons used by the node catalog (icon names are PascalCase strings in
 * lib/nodes). A curated map keeps the editor bundle small; unknown names fall
 * back to a neutral box.
 */
const ICONS: Record<string, LucideIcon> = {
  Bell,
  Box,
  Braces,
  CalendarClock,
  CheckCheck,
  Clock,
  Code,
  FileText,
  Filter,
  GitBranch,
  GitMerge,
  Globe,
  Hand,
  Inbox,
  ListPlus,
  Mail,
  MessageSquare,
  OctagonX,
  Play,
  Radio,
  Repeat,
  Send,
  Split,
  Timer,
  UserCheck,
  Variable,
  Webhook,
  Workflow,
  Zap,
};

export function iconFor(name: string | undefined): LucideIcon {
  return (name && ICONS[name]) || Box;
}

export function NodeIcon({ name, ...props }: { name: string | undefined } & LucideProps) {
  const Icon = iconFor(name);
  return <Icon aria-hidden {...props} />;
}
