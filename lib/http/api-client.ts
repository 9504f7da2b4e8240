// The one way the console talks to its JSON API from the browser. Every write
// carries the CSRF header the server insists on, so no caller can forget it.
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors?: FieldErrors;

  constructor(status: number, code: string, message: string, fieldErrors?: FieldErrors) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
  }

  /** The first message for a field, for showing under an input. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors?.[field]?.[0];
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export type MutatingMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; fieldErrors?: unknown };
}

function isFieldErrors(v: unknown): v is FieldErrors {
  return (
    typeof v === 'object' &&
    v !== null &&
    Object.values(v).every((list) => Array.isArray(list) && list.every((m) => typeof m === 'string'))
  );
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: ErrorBody | null = null;
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // A proxy or a crash may answer with HTML; fall back to the status alone.
  }
  const err = body?.error;
  const code = typeof err?.code === 'string' ? err.code : res.status === 401 ? 'UNAUTHENTICATED' : 'HTTP_ERROR';
  const message = typeof err?.message === 'string' ? err.message : `Request failed (${res.status})`;
  return new ApiError(res.status, code, message, isFieldErrors(err?.fieldErrors) ? err.fieldErrors : undefined);
}

async function request<T>(method: 'GET' | MutatingMethod, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-Requested-With'] = 'interlock';
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: method === 'GET' || body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    // On a plant network a dropped Wi-Fi is the usual cause; say so plainly.
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check the connection and try again.');
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function apiGet<T>(path: string): Promise<T> {
  return request<T>('GET', path);
}

export function apiSend<T>(method: MutatingMethod, path: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body);
}

/** Builds `path?query`, dropping empty values so URLs stay short and cache keys stable. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}
