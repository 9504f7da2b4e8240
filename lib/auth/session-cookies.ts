// next-auth's cookies, set up for the console inside a Perspective Inline
// Frame (stack-notes.md): the frame is cross-site, and Chromium blocks
// third-party cookies there, SameSite=None ones included. What works is CHIPS:
// `Secure; SameSite=None; Partitioned` cookies, which the browser keeps per
// top-level site (the Perspective gateway), so they are never shared with, or
// sent from under, any other site. Pure: unit-tested.
import type { CookieOption, CookiesOptions } from 'next-auth';

/** Secure cookies need https, or a loopback host (which browsers treat as secure). */
export function canUseSecureCookies(appUrl: string): boolean {
  const u = new URL(appUrl);
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname.endsWith('.localhost') || u.hostname === '127.0.0.1' || u.hostname === '[::1]');
}

export interface SessionCookieConfig {
  useSecureCookies: boolean;
  cookies: CookiesOptions;
  /** Where the session JWT lives; the launch endpoint sets it under this name. */
  sessionToken: CookieOption;
}

export function sessionCookieConfig(appUrl: string): SessionCookieConfig {
  const secure = canUseSecureCookies(appUrl);
  const prefix = secure ? '__Secure-' : '';
  // Without https the browser refuses Secure cookies altogether, and SameSite=None
  // needs Secure: such an installation works at the top level only (Lax), never in a frame.
  const base = secure
    ? { httpOnly: true, sameSite: 'none' as const, path: '/', secure: true, partitioned: true }
    : { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: false };
  const shortLived = { ...base, maxAge: 15 * 60 };
  const cookies: CookiesOptions = {
    sessionToken: { name: `${prefix}next-auth.session-token`, options: base },
    callbackUrl: { name: `${prefix}next-auth.callback-url`, options: base },
    // __Host-: no Domain, Path=/, Secure; the double-submit token cannot be planted from a subdomain.
    csrfToken: { name: `${secure ? '__Host-' : ''}next-auth.csrf-token`, options: base },
    // Used by the OIDC provider's redirects.
    pkceCodeVerifier: { name: `${prefix}next-auth.pkce.code_verifier`, options: shortLived },
    state: { name: `${prefix}next-auth.state`, options: shortLived },
    nonce: { name: `${prefix}next-auth.nonce`, options: base },
  };
  return { useSecureCookies: secure, cookies, sessionToken: cookies.sessionToken };
}
