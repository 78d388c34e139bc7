export * from "./types";
export * from "./catalog";
export * from "./validate";
export * from "./refs";
export * from "./inline-secrets";
