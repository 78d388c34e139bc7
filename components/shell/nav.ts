import { Activity, BarChart3, CalendarClock, CheckCheck, Settings, Workflow, Zap, type LucideIcon } from "lucide-react";

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** "g <key>" navigates here. */
  shortcut: string;
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/automations", label: "Automations", icon: Workflow, shortcut: "a" },
  { href: "/runs", label: "Runs", icon: Activity, shortcut: "r" },
  { href: "/runs/stats", label: "Run stats", icon: BarChart3, shortcut: "t" },
  { href: "/schedules", label: "Schedules", icon: CalendarClock, shortcut: "c" },
  { href: "/events", label: "Events", icon: Zap, shortcut: "e" },
  { href: "/approvals", label: "Approvals", icon: CheckCheck, shortcut: "p" },
  { href: "/settings", label: "Settings", icon: Settings, shortcut: "s" },
];

export function isActive(pathname: string, href: string): boolean {
  const within = (h: string) => pathname === h || pathname.startsWith(`${h}/`);
  // The most specific item wins: /runs/stats is "Run stats", not also "Runs".
  return within(href) && !NAV_ITEMS.some((i) => i.href.length > href.length && i.href.startsWith(`${href}/`) && within(i.href));
}

/** Cookie holding the sidebar's collapsed state (read by the server layout: no layout shift). */
export const SIDEBAR_COOKIE = "sy_sidebar_collapsed";
