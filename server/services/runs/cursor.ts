/** Kept for existing imports: the cursor codec lives in lib/paging (server/services/paging throws the BAD_REQUEST). */
export { decodeCursor, encodeCursor, type CursorKey } from "@/server/services/paging";
