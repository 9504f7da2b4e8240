// One HTTP attempt to an ERP, as every adapter needs it: under the system's
// concurrency cap, with a timeout that covers the whole answer, and with a
// failure that says whether the ERP may have committed the request (the
// in-doubt flag the outbox resolves by reading back).
import { ErpError } from '@/lib/erp/connector';
import type { Semaphore } from './semaphore';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

// Error codes of the failed connection attempt itself: nothing reached the ERP.
const NEVER_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export function errorCodes(error: unknown, depth = 0): string[] {
  if (depth > 5 || typeof error !== 'object' || error === null) return [];
  const codes: string[] = [];
  if ('code' in error && typeof error.code === 'string') codes.push(error.code);
  if ('cause' in error) codes.push(...errorCodes(error.cause, depth + 1));
  if ('errors' in error && Array.isArray(error.errors)) for (const inner of error.errors) codes.push(...errorCodes(inner, depth + 1));
  return codes;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export function isChangeMethod(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

export interface SendOptions {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** What the error message names: "SAP POST A_MaterialDocumentHeader". */
  label: string;
  limiter: Semaphore;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** One HTTP attempt under the concurrency cap and the timeout. */
export async function sendOnce(options: SendOptions): Promise<RawResponse> {
  const release = await options.limiter.acquire();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    const response = await options.fetch(options.url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      signal: controller.signal,
      redirect: 'manual',
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    const neverConnected = errorCodes(error).some((code) => NEVER_CONNECTED_CODES.has(code));
    // Once a change request has left, a timeout or a dropped connection
    // cannot tell us whether the ERP committed it: the caller must read back.
    const mayHaveCommitted = isChangeMethod(options.method) && !neverConnected;
    const reason = timedOut ? `timed out after ${options.timeoutMs} ms` : `connection failed (${errorCodes(error)[0] ?? 'network error'})`;
    throw new ErpError('TRANSIENT', `${options.label}: ${reason}`, { mayHaveCommitted, cause: error });
  } finally {
    clearTimeout(timer);
    release();
  }
}

/**
 * The status-only part of mapping an HTTP failure, shared by the adapters:
 * redirects, 401/403, throttling, timeouts and 5xx. Null for statuses whose
 * meaning depends on the vendor's payload (400, 404, 409, 412, 422…).
 */
export function genericHttpError(raw: RawResponse, method: string, label: string, detail: string, messages: ErpError['messages']): ErpError | null {
  const status = raw.status;
  if (status >= 300 && status < 400) {
    return new ErpError('AUTH', `${label}: redirected (${status}), usually to an interactive logon; check the user and the URL`, { status });
  }
  if (status === 401) return new ErpError('AUTH', `${label}: credentials refused (401)`, { status, messages });
  if (status === 403) return new ErpError('AUTH', `${label}: not authorised (403): ${detail}`, { status, messages });
  if (status === 429) {
    return new ErpError('TRANSIENT', `${label}: throttled (429)`, { status, messages, retryAfterSeconds: retryAfterSeconds(raw.headers.get('retry-after')) });
  }
  if (status === 408 || status >= 500) {
    // A 500/503 from the application server means the work was rolled back or
    // never started. 502/504 come from a proxy that gave up waiting: the
    // backend may still commit.
    const mayHaveCommitted = isChangeMethod(method) && (status === 502 || status === 504);
    return new ErpError('TRANSIENT', `${label}: ${detail}`, { status, messages, mayHaveCommitted, retryAfterSeconds: retryAfterSeconds(raw.headers.get('retry-after')) });
  }
  return null;
}
