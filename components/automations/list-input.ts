import { AUTOMATION_STATUSES } from "@/lib/statuses";

/** Every status in one query: tab counts and switching tabs need no round trip. Shared by the page prefetch and the view. */
export const AUTOMATIONS_LIST_INPUT = { status: [...AUTOMATION_STATUSES] };
