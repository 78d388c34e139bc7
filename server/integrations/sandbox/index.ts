export { createSandbox, getSandbox, SANDBOX_LIMITS, type ClosableSandbox, type SandboxOptions } from "./sandbox";
