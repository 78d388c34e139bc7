"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { PanelLeftClose, PanelLeftOpen, Search } from "lucide-react";
import { cn } from "@/components/ui/utils";
import { Kbd } from "@/components/ui/kbd";
import { Tooltip } from "@/components/ui/tooltip";
import { NAV_ITEMS, isActive } from "./nav";
import { useShell } from "./shell-context";
import { WorkspaceSwitcher } from "./workspace-switcher";
import { UserMenu } from "./user-menu";
import { NotificationBell } from "./notification-bell";

function NavLink({ href, label, icon: Icon, collapsed, active, onNavigate }: { href: string; label: string; icon: React.ComponentType<{ className?: string }>; collapsed: boolean; active: boolean; onNavigate?: () => void }) {
  const link = (
    <Link
      href={href}
      onClick={onNavigate}
      aria-current={active ? "page" : undefined}
      data-testid={`nav-${label.toLowerCase()}`}
      className={cn(
        "group flex h-8 items-center gap-2.5 rounded-md px-2 text-sm font-medium transition-colors",
        active
          ? "bg-sidebar-accent text-sidebar-accent-foreground"
          : "text-sidebar-foreground hover:bg-sidebar-accent/60 hover:text-sidebar-accent-foreground",
        collapsed && "justify-center px-0",
      )}
    >
      <Icon className={cn("size-4 shrink-0", active ? "text-primary" : "text-muted-foreground group-hover:text-foreground")} />
      {collapsed ? <span className="sr-only">{label}</span> : <span className="truncate">{label}</span>}
    </Link>
  );
  return collapsed ? (
    <Tooltip content={label} side="right">
      {link}
    </Tooltip>
  ) : (
    link
  );
}

/** Sidebar contents; used by the desktop rail and the mobile sheet. */
export function SidebarContents({ collapsed, onNavigate }: { collapsed: boolean; onNavigate?: () => void }) {
  const pathname = usePathname();
  const { setPaletteOpen, toggleSidebar } = useShell();
  return (
    <div className="flex h-full flex-col">
      <div className={cn("flex h-12 items-center gap-1 px-2 pt-2", collapsed && "flex-col h-auto gap-2")}>
        <WorkspaceSwitcher collapsed={collapsed} />
        <NotificationBell />
      </div>

      <div className="px-2 pt-2 pb-1">
        {collapsed ? (
          <Tooltip content="Search" shortcut="⌘K" side="right">
            <button
              type="button"
              onClick={() => setPaletteOpen(true)}
              className="flex h-8 w-full items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-sidebar-accent hover:text-foreground"
              aria-label="Search (⌘K)"
            >
              <Search className="size-4" />
            </button>
          </Tooltip>
        ) : (
          <button
            type="button"
            onClick={() => setPaletteOpen(true)}
            data-testid="open-command-palette"
            className="flex h-8 w-full items-center gap-2 rounded-md border border-sidebar-border bg-background/70 px-2 text-sm text-muted-foreground shadow-xs transition-colors hover:border-foreground/15 hover:text-foreground dark:bg-sidebar-accent/40"
          >
            <Search className="size-3.5" aria-hidden />
            <span className="flex-1 text-left">Search…</span>
            <Kbd>⌘K</Kbd>
          </button>
        )}
      </div>

      <nav aria-label="Main" className="flex-1 space-y-0.5 overflow-y-auto px-2 pt-2">
        {NAV_ITEMS.map((item) => (
          <NavLink key={item.href} href={item.href} label={item.label} icon={item.icon} collapsed={collapsed} active={isActive(pathname, item.href)} onNavigate={onNavigate} />
        ))}
      </nav>

      <div className={cn("flex items-center gap-1 border-t border-sidebar-border p-2", collapsed && "flex-col")}>
        <UserMenu collapsed={collapsed} />
        {onNavigate ? null : (
          <Tooltip content={collapsed ? "Expand sidebar" : "Collapse sidebar"} shortcut="[" side="right">
            <button
              type="button"
              onClick={toggleSidebar}
              aria-label={collapsed ? "Expand sidebar" : "Collapse sidebar"}
              className="inline-flex size-8 shrink-0 items-center justify-center rounded-md text-muted-foreground transition-colors hover:bg-sidebar-accent hover:text-foreground"
            >
              {collapsed ? <PanelLeftOpen className="size-4" /> : <PanelLeftClose className="size-4" />}
            </button>
          </Tooltip>
        )}
      </div>
    </div>
  );
}

export function Sidebar() {
  const { sidebarCollapsed } = useShell();
  return (
    <aside
      data-collapsed={sidebarCollapsed || undefined}
      className={cn(
        "hidden shrink-0 border-r border-sidebar-border bg-sidebar transition-[width] duration-200 ease-out md:block",
        sidebarCollapsed ? "w-14" : "w-60",
      )}
    >
      <SidebarContents collapsed={sidebarCollapsed} />
    </aside>
  );
}
