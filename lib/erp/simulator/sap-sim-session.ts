// CSRF protection as SAP Gateway does it (PROTOCOL-NOTES §2.2): a token is
// handed out on a GET with `x-csrf-token: Fetch` together with a session
// cookie, an anti-XSRF cookie and sap-usercontext; a change request must bring
// the token back together with both cookies of the same session.
import { randomBytes } from 'node:crypto';
import { formatSapTimestamp } from '@/lib/erp/sap/odata-values';

interface Session {
  id: string;
  token: string;
  xsrf: string;
  user: string;
  tokenExpiresAt: number;
}

export interface CookieNames {
  session: string;
  xsrf: string;
  userContext: string;
}

export type CsrfCheck = 'ok' | 'missing-token' | 'missing-cookie' | 'unknown-session' | 'expired' | 'mismatch';

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

export class CsrfSessions {
  private readonly sessions = new Map<string, Session>();
  readonly cookieNames: CookieNames;

  constructor(
    private readonly options: { systemId: string; client: string; ttlMs: number; now: () => number },
  ) {
    this.cookieNames = {
      session: `SAP_SESSIONID_${options.systemId}_${options.client}`,
      xsrf: `sap-XSRF_${options.systemId}_${options.client}`,
      userContext: 'sap-usercontext',
    };
  }

  /**
   * Answers a token fetch. A live session of the same user keeps its token
   * (SAP hands out the same token for the session's lifetime); otherwise a new
   * session starts.
   */
  fetch(cookies: Map<string, string>, user: string): { token: string; setCookies: string[] } {
    const now = this.options.now();
    const existing = this.sessions.get(cookies.get(this.cookieNames.session) ?? '');
    let session = existing && existing.user === user && existing.tokenExpiresAt > now ? existing : undefined;
    if (!session) {
      session = {
        id: randomBytes(30).toString('base64url'),
        token: randomBytes(16).toString('base64'),
        xsrf: `${randomBytes(20).toString('base64url')}${formatSapTimestamp(new Date(now))}`,
        user,
        tokenExpiresAt: now + this.options.ttlMs,
      };
      this.sessions.set(session.id, session);
      if (existing) this.sessions.delete(existing.id);
    }
    return {
      token: session.token,
      setCookies: [
        `${this.cookieNames.session}=${session.id}; path=/; HttpOnly`,
        `${this.cookieNames.userContext}=sap-client=${this.options.client}; path=/`,
        `${this.cookieNames.xsrf}=${session.xsrf}; path=/sap/opu/odata/; HttpOnly`,
      ],
    };
  }

  check(cookies: Map<string, string>, token: string | undefined, user: string): CsrfCheck {
    if (!token || token.toLowerCase() === 'fetch') return 'missing-token';
    const sessionId = cookies.get(this.cookieNames.session);
    const xsrf = cookies.get(this.cookieNames.xsrf);
    if (!sessionId || !xsrf) return 'missing-cookie';
    const session = this.sessions.get(sessionId);
    if (!session || session.user !== user) return 'unknown-session';
    if (session.tokenExpiresAt <= this.options.now()) return 'expired';
    if (session.token !== token || session.xsrf !== xsrf) return 'mismatch';
    return 'ok';
  }

  /** Fault injection: every token issued so far is now expired. */
  expireAll(): void {
    for (const session of this.sessions.values()) session.tokenExpiresAt = 0;
  }

  clear(): void {
    this.sessions.clear();
  }

  get size(): number {
    return this.sessions.size;
  }
}
