import type { Role } from "@/lib/roles";
import type { BadgeVariant } from "@/components/ui/badge";

export function roleLabel(role: Role | string): string {
  return role === "OWNER" ? "Owner" : role === "ADMIN" ? "Admin" : role === "SPECIALIST" ? "Specialist" : role;
}

export function roleVariant(role: Role | string): BadgeVariant {
  return role === "SPECIALIST" ? "neutral" : "default";
}
