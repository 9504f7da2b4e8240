// The simulator's own control API under /_sim/ (no SAP auth; loopback only):
// create and inspect orders, inject faults, read statistics, reset. Tests and
// the demo drive the simulator through it; it is not part of SAP's API.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { faultRequestSchema, type SapSimFaults } from './sap-sim-faults';
import { orderEtag } from './sap-sim-odata';
import type { CsrfSessions } from './sap-sim-session';
import type { SapSimState, SimOrder } from './sap-sim-state';
import type { Reply } from './sap-sim-http';

export interface SimRequestLogEntry {
  at: string;
  method: string;
  /** Path and query; the query holds no secrets (credentials travel in headers). */
  target: string;
  status: number;
  ms: number;
  accept: string | null;
  dataServiceVersion: string | null;
  /** 'fetch', 'token' or 'none': whether a CSRF token was asked for or sent, never the token. */
  csrf: 'fetch' | 'token' | 'none';
  /** Names of the cookies sent, never their values. */
  cookies: string[];
  hasAuthorization: boolean;
}

const dateString = z.string().refine((v) => !Number.isNaN(Date.parse(v)), { message: 'expected an ISO date-time' });

export const createOrderSchema = z
  .object({
    id: z.string().regex(/^\d{1,12}$/, 'order numbers are up to 12 digits').optional(),
    plant: z.string().min(1).max(4).default('1710'),
    material: z.string().min(1).max(40),
    quantity: z.number().positive(),
    unit: z.string().min(1).max(3).default('EA'),
    workCenter: z.string().min(1).nullable().optional(),
    plannedStart: dateString.optional(),
    plannedEnd: dateString,
    released: z.boolean().optional(),
    markedForDeletion: z.boolean().optional(),
    components: z
      .array(
        z.object({
          material: z.string().min(1).max(40),
          quantity: z.number().nonnegative(),
          unit: z.string().min(1).max(3).default('EA'),
          storageLocation: z.string().max(4).optional(),
        }),
      )
      .default([]),
  })
  .strict();

export type CreateOrderRequest = z.input<typeof createOrderSchema>;

export interface ControlContext {
  state: SapSimState;
  faults: SapSimFaults;
  sessions: CsrfSessions;
  requestLog: SimRequestLogEntry[];
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function describeOrder(order: SimOrder, state: SapSimState) {
  return { ...order, locked: state.isLocked(order.id), etag: orderEtag(order) };
}

function parseJson(body: string): unknown {
  if (body.trim() === '') return {};
  return JSON.parse(body);
}

export function handleControlRequest(req: IncomingMessage, url: URL, body: string, ctx: ControlContext, reply: Reply): void {
  if (!isLoopback(req.socket.remoteAddress)) {
    reply.json(403, { error: 'the simulator control API answers loopback clients only' });
    return;
  }
  const method = req.method ?? 'GET';
  const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
  const { state, faults, sessions } = ctx;

  let json: unknown;
  try {
    json = parseJson(body);
  } catch {
    reply.json(400, { error: 'body is not JSON' });
    return;
  }

  if (route === 'GET /_sim/orders') {
    reply.json(200, state.listOrders().map((o) => describeOrder(o, state)));
    return;
  }
  if (route === 'POST /_sim/orders') {
    const parsed = createOrderSchema.safeParse(json);
    if (!parsed.success) {
      reply.json(400, { error: 'invalid order', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const input = parsed.data;
    if (input.id !== undefined && state.getOrder(input.id)) {
      reply.json(409, { error: `order ${input.id} already exists` });
      return;
    }
    const plannedEnd = new Date(input.plannedEnd);
    const order = state.createOrder({
      id: input.id,
      plant: input.plant,
      material: input.material,
      quantity: input.quantity,
      unit: input.unit,
      workCenter: input.workCenter ?? null,
      plannedStart: input.plannedStart ? new Date(input.plannedStart) : state.now(),
      plannedEnd,
      released: input.released,
      markedForDeletion: input.markedForDeletion,
      components: input.components,
    });
    reply.json(201, describeOrder(order, state));
    return;
  }
  const orderMatch = /^GET \/_sim\/orders\/([^/]+)$/.exec(route);
  if (orderMatch) {
    const order = state.getOrder(decodeURIComponent(orderMatch[1]));
    if (!order) reply.json(404, { error: `order ${orderMatch[1]} does not exist` });
    else reply.json(200, describeOrder(order, state));
    return;
  }
  if (route === 'GET /_sim/faults') {
    reply.json(200, faults.snapshot());
    return;
  }
  if (route === 'POST /_sim/faults') {
    const parsed = faultRequestSchema.safeParse(json);
    if (!parsed.success) {
      reply.json(400, { error: 'invalid faults', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) });
      return;
    }
    const request = parsed.data;
    for (const id of [request.lockOrder, request.unlockOrder]) {
      if (id !== undefined && !state.getOrder(id)) {
        reply.json(404, { error: `order ${id} does not exist` });
        return;
      }
    }
    faults.set(request);
    if (request.expireCsrf) sessions.expireAll();
    if (request.lockOrder) state.lock(request.lockOrder);
    if (request.unlockOrder) state.unlock(request.unlockOrder);
    reply.json(200, faults.snapshot());
    return;
  }
  if (route === 'DELETE /_sim/faults') {
    faults.clear();
    reply.json(200, faults.snapshot());
    return;
  }
  if (route === 'GET /_sim/stats') {
    reply.json(200, { ...state.stats, orders: state.orderCount, csrfSessions: sessions.size });
    return;
  }
  if (route === 'POST /_sim/stats/reset') {
    state.resetStats();
    reply.json(200, state.stats);
    return;
  }
  if (route === 'GET /_sim/requests') {
    reply.json(200, ctx.requestLog);
    return;
  }
  if (route === 'POST /_sim/reset') {
    state.reset();
    faults.clear();
    sessions.clear();
    ctx.requestLog.length = 0;
    reply.json(200, { reset: true });
    return;
  }
  reply.json(404, {
    error: `no control endpoint ${route}`,
    endpoints: [
      'GET /_sim/orders',
      'POST /_sim/orders',
      'GET /_sim/orders/:id',
      'GET /_sim/faults',
      'POST /_sim/faults',
      'DELETE /_sim/faults',
      'GET /_sim/stats',
      'POST /_sim/stats/reset',
      'GET /_sim/requests',
      'POST /_sim/reset',
    ],
  });
}
