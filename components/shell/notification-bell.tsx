"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell, BellOff, CheckCheck } from "lucide-react";
import { useTRPC } from "@/lib/trpc/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { cn } from "@/components/ui/utils";
import { errorMessage } from "./errors";

export function NotificationBell() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const unread = useQuery(trpc.notifications.unreadCount.queryOptions(undefined, { refetchInterval: 30_000 }));
  const list = useQuery({ ...trpc.notifications.list.queryOptions({ limit: 20 }), enabled: open });

  const invalidate = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.notifications.unreadCount.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() }),
    ]);
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSettled: invalidate }));
  const markAll = useMutation(
    trpc.notifications.markAllRead.mutationOptions({
      onSuccess: () => void invalidate(),
      onError: (e) => toast.error(`Could not mark notifications as read: ${errorMessage(e)}`),
    }),
  );

  const count = unread.data?.count ?? 0;
  const items = list.data?.items ?? [];

  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="relative shrink-0 text-muted-foreground hover:text-foreground data-[state=open]:bg-sidebar-accent"
          aria-label={count > 0 ? `Notifications, ${count} unread` : "Notifications"}
          data-testid="notification-bell"
        >
          <Bell />
          {count > 0 ? (
            <span
              className="absolute top-0.5 right-0.5 flex h-3.5 min-w-3.5 items-center justify-center rounded-full bg-primary-solid px-[3px] text-[9px] leading-none font-semibold text-primary-foreground ring-2 ring-sidebar tabular"
              data-testid="notification-count"
            >
              {count > 99 ? "99+" : count}
            </span>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent align="start" className="w-96 p-0" data-testid="notifications-popover">
        <div className="flex h-11 items-center justify-between border-b border-border pr-2 pl-4">
          <p className="text-sm font-semibold">Notifications</p>
          <Button variant="ghost" size="xs" disabled={count === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            {markAll.isPending ? null : <CheckCheck />}
            Mark all read
          </Button>
        </div>
        <div className="max-h-[24rem] overflow-y-auto">
          {list.isPending ? (
            <div className="space-y-3 p-4">
              {Array.from({ length: 3 }, (_, i) => (
                <div key={i} className="space-y-1.5">
                  <Skeleton className="h-3.5 w-2/3" />
                  <Skeleton className="h-3 w-full" />
                </div>
              ))}
            </div>
          ) : list.isError ? (
            <p className="p-4 text-sm text-destructive">{errorMessage(list.error)}</p>
          ) : items.length === 0 ? (
            <EmptyState size="compact" icon={BellOff} title="You're all caught up" description="Notification steps in your automations post here." />
          ) : (
            <ul className="divide-y divide-border">
              {items.map((n) => {
                const href = n.link ?? (n.runId ? `/runs/${n.runId}` : null);
                return (
                  <li key={n.id}>
                    <button
                      type="button"
                      data-testid="notification-item"
                      className="flex w-full items-start gap-3 px-4 py-3 text-left transition-colors hover:bg-accent/60 focus-visible:bg-accent/60 focus-visible:outline-none"
                      onClick={() => {
                        if (!n.readAt) markRead.mutate({ ids: [n.id] });
                        if (href) {
                          setOpen(false);
                          router.push(href);
                        }
                      }}
                    >
                      <span className={cn("mt-1.5 size-2 shrink-0 rounded-full", n.readAt ? "bg-transparent" : "bg-primary")} role={n.readAt ? undefined : "img"} aria-label={n.readAt ? undefined : "Unread"} />
                      <span className="min-w-0 flex-1">
                        <span className={cn("block text-sm", n.readAt ? "text-muted-foreground" : "font-medium text-foreground")}>{n.title}</span>
                        {n.body ? <span className="mt-0.5 line-clamp-2 block text-xs text-muted-foreground">{n.body}</span> : null}
                        <RelativeTime value={n.createdAt} className="mt-1 block text-2xs text-muted-foreground" />
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      </PopoverContent>
    </Popover>
  );
}
