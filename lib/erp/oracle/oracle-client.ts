// A thin client for Oracle Fusion REST resources (/fscmRestApi/resources/…):
// auth (Basic, bearer or OAuth2), the REST-Framework-Version header, the ADF
// content type on writes, If-Match for ETag-protected updates, the
// concurrency cap and timeout per system, and the mapping of HTTP failures
// (both error formats) to ErpError kinds.
import { ErpError, type ErpMessage } from '@/lib/erp/connector';
import type { ErpAuth } from '@/lib/erp/http/erp-auth';
import type { Semaphore } from '@/lib/erp/http/semaphore';
import { genericHttpError, isChangeMethod, sendOnce, type RawResponse } from '@/lib/erp/http/transport';
import { parseOracleError } from './oracle-errors';

export interface OracleClientOptions {
  /** Origin of the pod, e.g. https://abcd.fa.us2.oraclecloud.com. */
  baseUrl: string;
  apiVersion: string;
  restFrameworkVersion: string;
  auth: ErpAuth;
  limiter: Semaphore;
  timeoutMs: number;
  fetch: typeof fetch;
}

export interface OracleResponse {
  status: number;
  body: unknown;
  etag: string | null;
}

const ADF_ITEM = 'application/vnd.oracle.adf.resourceitem+json';

export class OracleClient {
  readonly root: string;
  readonly #auth: ErpAuth;

  constructor(private readonly options: OracleClientOptions) {
    if (!URL.canParse(options.baseUrl)) throw new TypeError('Oracle baseUrl must be an absolute URL');
    this.root = `${options.baseUrl.replace(/\/+$/, '')}/fscmRestApi/resources/${options.apiVersion}`;
    this.#auth = options.auth;
  }

  get(path: string, query: Record<string, string> = {}): Promise<OracleResponse> {
    return this.request('GET', path, query);
  }

  post(path: string, body: unknown): Promise<OracleResponse> {
    return this.request('POST', path, {}, body);
  }

  patch(path: string, body: unknown, ifMatch: string | null): Promise<OracleResponse> {
    return this.request('PATCH', path, {}, body, ifMatch);
  }

  private url(path: string, query: Record<string, string>): string {
    const search = Object.entries(query)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    return `${this.root}/${path}${search ? `?${search}` : ''}`;
  }

  private async request(method: string, path: string, query: Record<string, string>, body?: unknown, ifMatch?: string | null): Promise<OracleResponse> {
    const label = `Oracle ${method} ${path.split('?')[0]}`;
    const send = async () => {
      const headers: Record<string, string> = {
        Authorization: await this.#auth.header(),
        Accept: 'application/json',
        'REST-Framework-Version': this.options.restFrameworkVersion,
      };
      if (body !== undefined) headers['Content-Type'] = ADF_ITEM;
      if (ifMatch) headers['If-Match'] = ifMatch;
      return sendOnce({
        method,
        url: this.url(path, query),
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        label,
        limiter: this.options.limiter,
        timeoutMs: this.options.timeoutMs,
        fetch: this.options.fetch,
      });
    };
    const raw = await this.#auth.sendRefreshingOnce(send);
    if (raw.status < 200 || raw.status >= 300) throw this.httpError(raw, method, label);
    let parsed: unknown = null;
    if (raw.status !== 204 && raw.text.trim() !== '') {
      try {
        parsed = JSON.parse(raw.text);
      } catch (error) {
        throw new ErpError('PROTOCOL', `${label}: expected JSON, got ${raw.headers.get('content-type') ?? 'no content type'}`, {
          status: raw.status,
          cause: error,
          mayHaveCommitted: isChangeMethod(method),
        });
      }
    }
    return { status: raw.status, body: parsed, etag: raw.headers.get('etag') };
  }

  private httpError(raw: RawResponse, method: string, label: string): ErpError {
    const info = parseOracleError(raw.text, raw.headers.get('content-type'));
    const messages: ErpMessage[] = info.messages;
    const detail = info.text || `HTTP ${raw.status}`;
    const generic = genericHttpError(raw, method, label, detail, messages);
    if (generic) return generic;
    if (raw.status === 404) {
      if (info.format === 'none') return new ErpError('PROTOCOL', `${label}: nothing answers at ${this.root} (404); check the base URL and the API version`, { status: 404 });
      return new ErpError('NOT_FOUND', detail, { status: 404, messages });
    }
    if (raw.status === 409 || raw.status === 412) return new ErpError('CONFLICT', `${label}: ${detail}`, { status: raw.status, messages });
    if (raw.status === 400 || raw.status === 422) return new ErpError('BUSINESS', detail, { status: raw.status, messages });
    return new ErpError('PROTOCOL', `${label}: ${detail} (${raw.status})`, { status: raw.status, messages });
  }
}

/** A string literal for q= filters: single quotes, inner quotes doubled. */
export function oracleString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
