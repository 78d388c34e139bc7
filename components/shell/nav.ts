import { Activity, CalendarClock, CheckCheck, Settings, Workflow, Zap, type LucideIcon } from "lucide-react";

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
  { href: "/schedules", label: "Schedules", icon: CalendarClock, shortcut: "c" },
  { href: "/events", label: "Events", icon: Zap, shortcut: "e" },
  { href: "/approvals", label: "Approvals", icon: CheckCheck, shortcut: "p" },
  { href: "/settings", label: "Settings", icon: Settings, shortcut: "s" },
];

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** Cookie holding the sidebar's collapsed state (read by the server layout: no layout shift). */
export const SIDEBAR_COOKIE = "sy_sidebar_collapsed";
