// A thin OData V2 client for one SAP Gateway service root. It owns what every
// call to SAP needs and nothing else: auth (Basic or OAuth2), sap-client, JSON
// headers, the session cookies and CSRF token of this service (PROTOCOL-NOTES
// §2.2: one token and one cookie jar per service root, never shared), a
// timeout, the per-system concurrency cap, and the mapping of HTTP failures to
// ErpError kinds. Entity shapes are the caller's business.
import { ErpError, type ErpMessage } from '@/lib/erp/connector';
import { ErpAuth } from '@/lib/erp/http/erp-auth';
import { Semaphore } from '@/lib/erp/http/semaphore';
import { genericHttpError, isChangeMethod, sendOnce, type RawResponse } from '@/lib/erp/http/transport';
import { errorMessages, parseSapError, parseSapMessageHeader, primaryErrorText } from './odata-errors';
import { hintFor } from './sap-message-hints';

export interface ODataClientOptions {
  /** Absolute URL of the service root, e.g. https://host/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV. */
  serviceRoot: string;
  /** Basic auth; ignored when `auth` is given. */
  user?: string;
  password?: string;
  /** Shared by the clients of one system (one OAuth token for all services). */
  auth?: ErpAuth;
  /** SAP client (Mandant), sent as the sap-client query parameter on every call. */
  client: string;
  /** Per HTTP attempt, from sending the request to reading the last byte of the answer. */
  timeoutMs?: number;
  /** Shared by every client of the same system so the cap holds across services. */
  limiter?: Semaphore;
  fetch?: typeof fetch;
}

export interface ODataRequest {
  /** Path below the service root, e.g. `A_ProductionOrder_2('1000123')` or `ReleaseOrder`. */
  path: string;
  /** System query options and function-import parameters, not yet URL-encoded. */
  query?: Record<string, string>;
}

export interface ODataResponse {
  status: number;
  /** Parsed JSON body; null when the answer has no body (204). */
  body: unknown;
  etag: string | null;
  /** Warnings and infos from the `sap-message` header. */
  messages: ErpMessage[];
  /** The Location header of a 201. */
  location: string | null;
}

export type ODataChangeMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_CONCURRENT = 4;

// Message classes of the Gateway runtime itself (bad $filter, unknown
// property, unknown segment): a 400 with one of these means our request was
// wrong, not that the business refused it.
function isFrameworkErrorCode(code: string): boolean {
  return /^\/IW(BEP|FND)\/CM_/i.test(code);
}

function isCsrfRejection(response: RawResponse): boolean {
  return response.status === 403 && (response.headers.get('x-csrf-token') ?? '').toLowerCase() === 'required';
}

export class ODataClient {
  readonly serviceRoot: string;
  private readonly client: string;
  private readonly timeoutMs: number;
  private readonly limiter: Semaphore;
  private readonly fetchImpl: typeof fetch;
  // Private fields: credentials and session must not show up when the client is logged or inspected.
  readonly #auth: ErpAuth;
  readonly #cookies = new Map<string, string>();
  #csrfToken: string | null = null;
  #csrfFetch: Promise<string> | null = null;

  constructor(options: ODataClientOptions) {
    this.serviceRoot = options.serviceRoot.replace(/\/+$/, '');
    this.client = options.client;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.limiter = options.limiter ?? new Semaphore(DEFAULT_MAX_CONCURRENT);
    this.fetchImpl = options.fetch ?? fetch;
    this.#auth =
      options.auth ??
      new ErpAuth({ kind: 'basic', user: options.user ?? '', password: options.password ?? '' }, { limiter: this.limiter, timeoutMs: this.timeoutMs, fetch: this.fetchImpl });
  }

  async get(request: ODataRequest): Promise<ODataResponse> {
    const raw = await this.send('GET', this.url(request.path, request.query), {}, undefined, request.path);
    return this.toResponse(raw, 'GET', request.path);
  }

  /**
   * A change request (function import, create, update, delete). Carries the
   * CSRF token and the session cookies; a `403 x-csrf-token: Required` means
   * the token expired, so we fetch a new one and try exactly once more (the
   * rejection happens before SAP processes anything, so the retry is safe).
   */
  async change(method: ODataChangeMethod, request: ODataRequest, options: { body?: unknown; ifMatch?: string } = {}): Promise<ODataResponse> {
    const url = this.url(request.path, request.query);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const attempt = async (token: string) => {
      const headers: Record<string, string> = { 'x-csrf-token': token };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (options.ifMatch) headers['If-Match'] = options.ifMatch;
      return this.send(method, url, headers, body, request.path);
    };

    let token = await this.csrfToken();
    let raw = await attempt(token);
    if (isCsrfRejection(raw)) {
      // Only drop the token we used: another call may already have fetched a fresh one.
      if (this.#csrfToken === token) this.#csrfToken = null;
      token = await this.csrfToken();
      raw = await attempt(token);
      if (isCsrfRejection(raw)) {
        throw new ErpError('AUTH', `SAP rejected a freshly fetched CSRF token for ${method} ${request.path}; check that cookies reach SAP unchanged`, {
          status: 403,
        });
      }
    }
    return this.toResponse(raw, method, request.path);
  }

  /** Forgets the token (not the cookies); the next change request fetches a new one. */
  invalidateCsrfToken(): void {
    this.#csrfToken = null;
  }

  private csrfToken(): Promise<string> {
    if (this.#csrfToken) return Promise.resolve(this.#csrfToken);
    // One fetch for all change requests that arrive while it runs.
    this.#csrfFetch ??= this.fetchCsrfToken()
      .then((token) => {
        this.#csrfToken = token;
        return token;
      })
      .finally(() => {
        this.#csrfFetch = null;
      });
    return this.#csrfFetch;
  }

  private async fetchCsrfToken(): Promise<string> {
    // Some on-prem systems hand out a token only on the root with a trailing
    // slash, others only without it (SAP Cloud SDK notes): slash first.
    const candidates = [`${this.serviceRoot}/`, this.serviceRoot];
    let lastStatus = 0;
    for (const root of candidates) {
      const raw = await this.send('GET', `${root}?sap-client=${encodeURIComponent(this.client)}`, { 'x-csrf-token': 'Fetch' }, undefined, '(CSRF token fetch)');
      lastStatus = raw.status;
      const token = raw.headers.get('x-csrf-token');
      if (raw.status >= 200 && raw.status < 300 && token && token.toLowerCase() !== 'required') return token;
      // Credentials, throttling and outages will not change with the other URL form.
      if (raw.status === 401 || raw.status === 403 || raw.status === 429 || raw.status >= 500) {
        throw this.httpError(raw, 'GET', '(CSRF token fetch)');
      }
    }
    throw new ErpError('PROTOCOL', `SAP issued no CSRF token at ${this.serviceRoot} (last status ${lastStatus}); check the service path`, {
      status: lastStatus || undefined,
    });
  }

  private url(path: string, query: Record<string, string> = {}): string {
    const params = { ...query, 'sap-client': this.client };
    // Keep `$` literal in option names; values are fully encoded (spaces as %20,
    // never `+`, which Gateway would not read as a space inside $filter).
    const search = Object.entries(params)
      .map(([key, value]) => `${encodeURIComponent(key).replace(/%24/g, '$')}=${encodeURIComponent(value)}`)
      .join('&');
    return `${this.serviceRoot}/${path}?${search}`;
  }

  private async headers(extra: Record<string, string>): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      Authorization: await this.#auth.header(),
      Accept: 'application/json',
      DataServiceVersion: '2.0',
      MaxDataServiceVersion: '2.0',
      ...extra,
    };
    if (this.#cookies.size > 0) {
      headers.Cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    return headers;
  }

  private storeCookies(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key, val = ''] = a.split('=').map((s) => s.trim());
        if (key.toLowerCase() === 'max-age') return Number(val) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(a.slice(a.indexOf('=') + 1)) < Date.now();
        return false;
      });
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  /**
   * One HTTP exchange. With OAuth, a 401 means the token died early: it is
   * renewed and the call sent once more (a 401 is answered before SAP does
   * any work, so the repeat is safe even for a change).
   */
  private async send(method: string, url: string, extra: Record<string, string>, body: string | undefined, label: string): Promise<RawResponse> {
    const exchange = async () => {
      const raw = await sendOnce({
        method,
        url,
        headers: await this.headers(extra),
        body,
        label: `SAP ${method} ${label}`,
        limiter: this.limiter,
        timeoutMs: this.timeoutMs,
        fetch: this.fetchImpl,
      });
      this.storeCookies(raw.headers);
      return raw;
    };
    return this.#auth.sendRefreshingOnce(exchange);
  }

  private toResponse(raw: RawResponse, method: string, label: string): ODataResponse {
    if (raw.status < 200 || raw.status >= 300) throw this.httpError(raw, method, label);
    let body: unknown = null;
    if (raw.status !== 204 && raw.text.trim() !== '') {
      try {
        body = JSON.parse(raw.text);
      } catch (error) {
        const contentType = raw.headers.get('content-type') ?? 'no content type';
        throw new ErpError('PROTOCOL', `SAP ${method} ${label}: expected JSON, got ${contentType}`, {
          status: raw.status,
          cause: error,
          // A change that answered 2xx was committed, whatever the body looks like.
          mayHaveCommitted: isChangeMethod(method),
        });
      }
    }
    return {
      status: raw.status,
      body,
      etag: raw.headers.get('etag'),
      messages: parseSapMessageHeader(raw.headers.get('sap-message')),
      location: raw.headers.get('location'),
    };
  }

  private httpError(raw: RawResponse, method: string, label: string): ErpError {
    const status = raw.status;
    const info = parseSapError(raw.text);
    const messages = info ? errorMessages(info) : [];
    const detail = info ? primaryErrorText(info) : `HTTP ${status}`;
    const prefix = `SAP ${method} ${label}`;

    const generic = genericHttpError(raw, method, prefix, detail, messages);
    if (generic) return generic;
    if (status === 404) {
      // Gateway answers an unknown key with 404 and an error payload. A bare 404
      // (an HTML page from the web server) means a wrong service path, which
      // must not read as "no such order".
      if (!info) return new ErpError('PROTOCOL', `${prefix}: nothing answers at ${this.serviceRoot} (404); check the base URL`, { status });
      return new ErpError('NOT_FOUND', detail, { status, messages });
    }
    if (status === 409 || status === 412) return new ErpError('CONFLICT', detail, { status, messages });
    if (status === 428) {
      return new ErpError('PROTOCOL', `${prefix}: SAP requires If-Match for this change (428); read the entity first`, { status, messages });
    }
    if ((status === 400 || status === 422) && info && !isFrameworkErrorCode(info.code)) {
      const hint = hintFor(messages);
      return new ErpError('BUSINESS', hint ? `${detail} (${hint})` : detail, { status, messages });
    }
    return new ErpError('PROTOCOL', `${prefix}: ${detail} (${status})`, { status, messages });
  }
}
