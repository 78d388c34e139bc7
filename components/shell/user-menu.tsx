"use client";

import * as React from "react";
import { BookOpen, ChevronsUpDown, Keyboard, LogOut, Settings } from "lucide-react";
import Link from "next/link";
import { signOutAction } from "@/app/(app)/sign-out-action";
import { closeLiveStreams } from "@/components/live/use-live";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { cn } from "@/components/ui/utils";
import { useShell } from "./shell-context";
import { ThemeToggle } from "./theme-toggle";
import { roleLabel, roleVariant } from "./role";

export function UserMenu({ collapsed }: { collapsed: boolean }) {
  const { viewer, setShortcutsOpen } = useShell();
  const [pending, startTransition] = React.useTransition();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="user-menu"
        aria-label={collapsed ? `Account: ${viewer.name}` : undefined}
        className={cn(
          "flex h-10 min-w-0 flex-1 items-center gap-2 rounded-md px-1.5 text-left outline-none transition-colors hover:bg-sidebar-accent focus-visible:outline-2 focus-visible:outline-ring data-[state=open]:bg-sidebar-accent",
          collapsed && "size-9 flex-none justify-center px-0",
        )}
      >
        <Avatar name={viewer.name} />
        {collapsed ? null : (
          <>
            <span className="min-w-0 flex-1 leading-tight">
              <span className="sr-only">Account: </span>
              <span className="block truncate text-sm font-medium text-sidebar-accent-foreground">{viewer.name}</span>
              <span className="block truncate text-xs text-muted-foreground">{roleLabel(viewer.role)}</span>
            </span>
            <ChevronsUpDown className="size-3.5 shrink-0 text-muted-foreground" aria-hidden />
          </>
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent side="top" align="start" className="w-64">
        <div className="flex items-center gap-2.5 px-2 py-2">
          <Avatar name={viewer.name} className="size-8 text-xs" />
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium">{viewer.name}</p>
            <p className="truncate text-xs text-muted-foreground" data-testid="user-email">
              {viewer.email}
            </p>
          </div>
          <Badge variant={roleVariant(viewer.role)} data-testid="user-role">
            {roleLabel(viewer.role)}
          </Badge>
        </div>
        <DropdownMenuSeparator />
        <div className="px-2 pt-1 pb-1.5">
          <p className="mb-1.5 text-xs font-medium text-muted-foreground">Theme</p>
          <ThemeToggle />
        </div>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings">
            <Settings />
            Settings
            <DropdownMenuShortcut>G S</DropdownMenuShortcut>
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => setShortcutsOpen(true)}>
          <Keyboard />
          Keyboard shortcuts
          <DropdownMenuShortcut>?</DropdownMenuShortcut>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href="/api-reference" data-testid="menu-api-reference">
            <BookOpen />
            API reference
          </Link>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem
          data-testid="sign-out"
          disabled={pending}
          onSelect={(e) => {
            e.preventDefault();
            closeLiveStreams();
            startTransition(() => signOutAction());
          }}
        >
          <LogOut />
          {pending ? "Signing out…" : "Sign out"}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
