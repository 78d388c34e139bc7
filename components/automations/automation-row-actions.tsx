"use client";

import * as React from "react";
import Link from "next/link";
import { Activity, Archive, MoreHorizontal, Pencil, SquarePen } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

interface Props {
  automation: { id: string; name: string; status: string };
  canEdit: boolean;
  onRename: () => void;
  onArchive: () => void;
}

export function AutomationRowActions({ automation, canEdit, onRename, onArchive }: Props) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label={`Actions for ${automation.name}`}
          data-testid="row-actions"
          onClick={(e) => e.stopPropagation()}
          className="text-muted-foreground data-[state=open]:bg-accent"
        >
          <MoreHorizontal />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-48" onClick={(e) => e.stopPropagation()}>
        <DropdownMenuItem asChild data-testid="open-editor">
          <Link href={`/automations/${automation.id}/edit`}>
            <SquarePen />
            {canEdit ? "Open editor" : "View automation"}
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <Link href={`/automations/${encodeURIComponent(automation.id)}/runs`} data-testid="automation-runs">
            <Activity />
            View runs
          </Link>
        </DropdownMenuItem>
        {canEdit ? (
          <>
            <DropdownMenuItem onSelect={onRename} data-testid="rename-automation">
              <Pencil />
              Rename…
            </DropdownMenuItem>
            {automation.status !== "ARCHIVED" ? (
              <>
                <DropdownMenuSeparator />
                <DropdownMenuItem variant="destructive" onSelect={onArchive} data-testid="archive-automation">
                  <Archive />
                  Archive…
                </DropdownMenuItem>
              </>
            ) : null}
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
