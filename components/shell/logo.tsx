import { cn } from "@/components/ui/utils";

/** The Switchyard mark: a track that switches onto another line. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" fill="none" aria-hidden className={cn("size-6", className)}>
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <path d="M9 10.5h6.5a3.5 3.5 0 0 1 3.5 3.5v4a3.5 3.5 0 0 0 3.5 3.5H23" stroke="#fff" strokeWidth="2.4" strokeLinecap="round" />
      <path d="M9 21.5h4" stroke="#fff" strokeOpacity=".55" strokeWidth="2.4" strokeLinecap="round" />
      <circle cx="23" cy="10.5" r="2.2" fill="#fff" />
    </svg>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <LogoMark />
      Switchyard
    </span>
  );
}
