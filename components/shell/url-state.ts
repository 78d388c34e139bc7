/**
 * Updates the query string without a server round trip. Next.js syncs
 * window.history.replaceState with useSearchParams, so views re-render with the
 * new params while the page's server components are not re-fetched.
 */
export function replaceSearchParams(params: URLSearchParams): void {
  const qs = params.toString();
  // Pass null, not window.history.state: Next.js skips syncing useSearchParams for
  // states that carry its own internal markers (it treats them as its own calls).
  window.history.replaceState(null, "", `${window.location.pathname}${qs ? `?${qs}` : ""}`);
}
