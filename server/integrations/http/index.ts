export { createHttpClient, getHttpClient, DEFAULT_MAX_BODY_BYTES, type HttpClientOptions } from "./client";
export {
  assertAddressAllowed,
  assertSchemeAllowed,
  blockedReason,
  isHostAllowListed,
  isIpAllowListed,
  parseAllowList,
  type AllowList,
} from "./ssrf";
