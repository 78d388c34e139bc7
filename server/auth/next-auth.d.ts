import type { DefaultSession } from "next-auth";
import type { Role } from "@/lib/roles";

/** Custom fields carried by the session JWT (see server/auth/callbacks.ts). */
declare module "@auth/core/jwt" {
  interface JWT {
    userId?: string;
    /** Current workspace; switched with workspace.switch + update({ workspaceId }). */
    workspaceId?: string;
    /** Role at sign-in/switch time. createContext re-reads it from the DB (the DB wins). */
    role?: Role;
  }
}

declare module "@auth/core/types" {
  interface User {
    workspaceId?: string;
    role?: Role;
  }
  interface Session {
    user: {
      id: string;
      workspaceId: string;
      role: Role;
    } & DefaultSession["user"];
  }
}
