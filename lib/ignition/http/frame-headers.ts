// Who may frame the console (a Perspective Inline Frame on a gateway), as
// response headers. The origins come from FRAME_ANCESTORS at run time, which is
// why they are set per request in proxy.ts and not in next.config (build time).
// Pure: unit-tested.

export function frameHeaders(ancestors: readonly string[]): Record<string, string> {
  // lib/env.ts admits only bare origins, so nothing here can end the directive early.
  const headers: Record<string, string> = { 'Content-Security-Policy': ["frame-ancestors 'self'", ...ancestors].join(' ') };
  // X-Frame-Options cannot list origins: sent only when it says the same as the CSP (no
  // gateway configured), for browsers that ignore frame-ancestors. Where both are
  // present, browsers that know frame-ancestors ignore X-Frame-Options.
  if (ancestors.length === 0) headers['X-Frame-Options'] = 'SAMEORIGIN';
  return headers;
}
