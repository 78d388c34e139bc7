/** Automation services (shared by tRPC and the REST API). Each takes (actor, input, db = getDb()). */
export * from "./list-automations";
export * from "./get-automation";
export * from "./create-automation";
export * from "./rename-automation";
export * from "./archive-automation";
export * from "./update-automation-settings";
export * from "./set-automation-status";
export * from "./save-draft";
export type { AutomationSummary, AutomationDetail, UserRef } from "./present";
