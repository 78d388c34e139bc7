export const ROLES = ["OWNER", "ADMIN", "SPECIALIST"] as const;
export type Role = (typeof ROLES)[number];
