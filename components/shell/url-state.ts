/**
 * Updates the query string without a server round trip. Next.js syncs
 * window.history.replaceState with useSearchParams, so views re-render with the
 * new params while the page's server components are not re-fetched.
 */
export function replaceSearchParams(params: URLSearchParams): void {
  const qs = params.toString();
  window.history.replaceState(window.history.state, "", `${window.location.pathname}${qs ? `?${qs}` : ""}`);
}
