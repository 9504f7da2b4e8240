import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { AppError, isAppError, type FieldErrors } from '@/lib/errors';
import { hasPermission, type Permission } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/principal';
import { getSessionPrincipal } from '@/lib/auth/session';
import { authenticateApiKey } from '@/lib/auth/authenticate-api-key';
import { createLogger } from '@/lib/log';

const log = createLogger('http');

export interface HandlerContext<P> {
  req: NextRequest;
  principal: Principal;
  params: P;
}

interface Options {
  /** Coarse check; object and plant-scope checks happen in the use case. */
  permission: Permission;
  /** Which credentials this endpoint takes: console sessions, API keys, or both. */
  auth?: 'session' | 'apiKey' | 'any';
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function resolvePrincipal(req: NextRequest, mode: 'session' | 'apiKey' | 'any'): Promise<Principal | null> {
  const header = req.headers.get('authorization');
  if (header && mode !== 'session') {
    const m = /^Bearer\s+(.+)$/i.exec(header);
    return m ? authenticateApiKey(m[1]) : null;
  }
  if (mode === 'apiKey') return null;
  const user = await getSessionPrincipal();
  if (user && MUTATING.has(req.method) && req.headers.get('x-requested-with') !== 'interlock') {
    // A cookie-authenticated write must prove it came from our own pages: a
    // custom header cannot be sent cross-origin without a CORS preflight we never allow.
    throw new AppError('FORBIDDEN', 'Missing the X-Requested-With: interlock header (CSRF protection).');
  }
  return user;
}

export function errorResponse(error: unknown): NextResponse {
  if (isAppError(error)) {
    const body: { error: { code: string; message: string; fieldErrors?: FieldErrors; details?: unknown } } = {
      error: { code: error.code, message: error.message },
    };
    if (error.fieldErrors) body.error.fieldErrors = error.fieldErrors;
    if (error.details) body.error.details = error.details;
    const headers: Record<string, string> = {};
    if (error.code === 'UNAUTHENTICATED') headers['WWW-Authenticate'] = 'Bearer';
    return NextResponse.json(body, { status: error.status, headers });
  }
  log.error('unhandled error', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return NextResponse.json({ error: { code: 'INTERNAL', message: 'Internal error' } }, { status: 500 });
}

/** The one wrapper for route handlers: authenticate, authorise, run, map errors. */
export function withAuth<P = Record<string, never>>(
  handler: (ctx: HandlerContext<P>) => Promise<Response>,
  options: Options,
) {
  return async (req: NextRequest, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const principal = await resolvePrincipal(req, options.auth ?? 'session');
      if (!principal) throw new AppError('UNAUTHENTICATED', 'Sign in or send a valid API key.');
      if (!hasPermission(principal.role, options.permission)) {
        throw new AppError('FORBIDDEN', `Your role may not do this (needs ${options.permission}).`);
      }
      const params = route?.params ? await route.params : ({} as P);
      return await handler({ req, principal, params });
    } catch (e) {
      return errorResponse(e);
    }
  };
}

export function zodFieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what = 'request'): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('BAD_REQUEST', `Invalid ${what}`, { fieldErrors: zodFieldErrors(parsed.error) });
  return parsed.data;
}

/** Reads and validates a JSON body; bad JSON or a bad shape is a 400 with field errors. */
export async function parseJsonBody<T extends z.ZodType>(req: Request, schema: T, maxBytes = 1_000_000): Promise<z.infer<T>> {
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `Body larger than ${maxBytes} bytes`);
  let json: unknown;
  try {
    json = text.length ? JSON.parse(text) : undefined;
  } catch {
    throw new AppError('BAD_REQUEST', 'Body is not valid JSON', { fieldErrors: { _: ['Body is not valid JSON'] } });
  }
  return parseWith(schema, json, 'request body');
}

export function parseQuery<T extends z.ZodType>(req: NextRequest, schema: T): z.infer<T> {
  return parseWith(schema, Object.fromEntries(req.nextUrl.searchParams.entries()), 'query');
}
