// How an adapter authenticates to an ERP: HTTP Basic (a communication or
// integration user), a fixed bearer token, or OAuth 2.0 client credentials
// (token fetched from the tenant's token endpoint and cached until shortly
// before it expires). Secrets live in private fields so they never show up
// when a connector or an error is logged or inspected.
import { z } from 'zod';
import { ErpError } from '@/lib/erp/connector';
import type { Semaphore } from './semaphore';
import { genericHttpError, sendOnce } from './transport';

export type ErpAuthConfig =
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'bearer'; token: string }
  | {
      kind: 'oauth2-client-credentials';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
    };

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
});

// A token is renewed this long before the server says it expires, so a call
// never leaves with a token that dies on the way.
const EXPIRY_MARGIN_MS = 30_000;
const DEFAULT_TOKEN_LIFETIME_S = 600;

export class ErpAuth {
  readonly kind: ErpAuthConfig['kind'];
  readonly #config: ErpAuthConfig;
  #token: { value: string; expiresAt: number } | null = null;
  #fetching: Promise<string> | null = null;

  constructor(
    config: ErpAuthConfig,
    private readonly transport: { limiter: Semaphore; timeoutMs: number; fetch: typeof fetch; now?: () => number },
  ) {
    this.kind = config.kind;
    this.#config = config;
    if (config.kind === 'oauth2-client-credentials' && !URL.canParse(config.tokenUrl)) throw new TypeError('OAuth2 tokenUrl must be an absolute URL');
  }

  /** True when a 401 may be cured by fetching a new token (and the request tried once more). */
  get canRefresh(): boolean {
    return this.kind === 'oauth2-client-credentials';
  }

  /** The Authorization header value. */
  async header(): Promise<string> {
    const config = this.#config;
    switch (config.kind) {
      case 'basic':
        return `Basic ${Buffer.from(`${config.user}:${config.password}`, 'utf8').toString('base64')}`;
      case 'bearer':
        return `Bearer ${config.token}`;
      case 'oauth2-client-credentials':
        return `Bearer ${await this.oauthToken(config)}`;
    }
  }

  /** Forgets a cached token after the ERP refused it. */
  invalidate(): void {
    this.#token = null;
  }

  /**
   * Runs send; after a 401 that a new token may cure, forgets the token and
   * runs it once more. A 401 is answered before any work, so the retry is safe.
   */
  async sendRefreshingOnce<T extends { status: number }>(send: () => Promise<T>): Promise<T> {
    const raw = await send();
    if (raw.status !== 401 || !this.canRefresh) return raw;
    this.invalidate();
    return send();
  }

  private now(): number {
    return this.transport.now?.() ?? Date.now();
  }

  private oauthToken(config: Extract<ErpAuthConfig, { kind: 'oauth2-client-credentials' }>): Promise<string> {
    if (this.#token && this.#token.expiresAt > this.now()) return Promise.resolve(this.#token.value);
    // One token request for every call that needs a token while it runs.
    this.#fetching ??= this.fetchToken(config).finally(() => {
      this.#fetching = null;
    });
    return this.#fetching;
  }

  private async fetchToken(config: Extract<ErpAuthConfig, { kind: 'oauth2-client-credentials' }>): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (config.scope) form.set('scope', config.scope);
    const label = `OAuth2 token request to ${new URL(config.tokenUrl).host}`;
    const raw = await sendOnce({
      method: 'POST',
      url: config.tokenUrl,
      headers: {
        Authorization: `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: form.toString(),
      label,
      limiter: this.transport.limiter,
      timeoutMs: this.transport.timeoutMs,
      fetch: this.transport.fetch,
    }).catch((error: unknown) => {
      // Fetching a token changes nothing on the ERP side.
      if (error instanceof ErpError) throw new ErpError(error.kind, error.message, { cause: error.cause });
      throw error;
    });
    if (raw.status === 400 || raw.status === 401) {
      throw new ErpError('AUTH', `${label}: the client id or secret was refused (${raw.status}); check the OAuth client`, { status: raw.status });
    }
    if (raw.status < 200 || raw.status >= 300) {
      throw genericHttpError(raw, 'GET', label, `HTTP ${raw.status}`, []) ?? new ErpError('PROTOCOL', `${label}: HTTP ${raw.status}`, { status: raw.status });
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.text);
    } catch (error) {
      throw new ErpError('PROTOCOL', `${label}: the answer is not JSON`, { status: raw.status, cause: error });
    }
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) throw new ErpError('PROTOCOL', `${label}: the answer has no access_token`, { status: raw.status });
    const lifetimeMs = (parsed.data.expires_in ?? DEFAULT_TOKEN_LIFETIME_S) * 1000;
    this.#token = { value: parsed.data.access_token, expiresAt: this.now() + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS) };
    return parsed.data.access_token;
  }

  toJSON(): { kind: ErpAuthConfig['kind'] } {
    return { kind: this.kind };
  }
}
