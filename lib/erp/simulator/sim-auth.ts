// Logon for the ERP simulators: HTTP Basic with the configured user, or a
// bearer token handed out by the simulator's own OAuth 2.0 client-credentials
// endpoint (client id and secret are the same user and password). Shared by
// the SAP and the Oracle simulator.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { headerValue, type Reply } from './sap-sim-http';

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function decodeBasic(header: string): { user: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export class SimAuth {
  private readonly tokens = new Map<string, { user: string; expiresAt: number }>();
  /** Token requests answered, for tests of the OAuth flow. */
  tokensIssued = 0;

  constructor(
    private readonly options: { user: string; password: string; tokenTtlMs: number; now: () => number; caseInsensitiveUser: boolean },
  ) {}

  private userMatches(user: string): boolean {
    return this.options.caseInsensitiveUser ? user.toUpperCase() === this.options.user.toUpperCase() : user === this.options.user;
  }

  /** The user behind the Authorization header (upper-case for SAP), or null. */
  authenticate(req: IncomingMessage): string | null {
    const header = headerValue(req, 'authorization') ?? '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (bearer) {
      const token = this.tokens.get(bearer[1]);
      if (!token || token.expiresAt <= this.options.now()) return null;
      return token.user;
    }
    const basic = decodeBasic(header);
    if (!basic || !this.userMatches(basic.user) || !safeEqual(basic.password, this.options.password)) return null;
    return this.options.caseInsensitiveUser ? basic.user.toUpperCase() : basic.user;
  }

  /** POST <token endpoint> with grant_type=client_credentials and the client in Basic auth (or in the form). */
  handleTokenRequest(req: IncomingMessage, body: string, reply: Reply): void {
    if ((req.method ?? 'GET').toUpperCase() !== 'POST') {
      reply.json(405, { error: 'invalid_request', error_description: 'use POST' });
      return;
    }
    const form = new URLSearchParams(body);
    const basic = decodeBasic(headerValue(req, 'authorization') ?? '');
    const clientId = basic ? decodeURIComponent(basic.user) : (form.get('client_id') ?? '');
    const secret = basic ? decodeURIComponent(basic.password) : (form.get('client_secret') ?? '');
    if (form.get('grant_type') !== 'client_credentials') {
      reply.json(400, { error: 'unsupported_grant_type' });
      return;
    }
    if (!this.userMatches(clientId) || !safeEqual(secret, this.options.password)) {
      reply.json(401, { error: 'invalid_client' });
      return;
    }
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { user: this.options.caseInsensitiveUser ? clientId.toUpperCase() : clientId, expiresAt: this.options.now() + this.options.tokenTtlMs });
    this.tokensIssued += 1;
    reply.json(200, { access_token: token, token_type: 'bearer', expires_in: Math.floor(this.options.tokenTtlMs / 1000) });
  }

  /** Fault injection: every token issued so far stops working. */
  revokeTokens(): void {
    this.tokens.clear();
  }
}
