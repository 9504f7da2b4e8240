// The simulator's own control API under /_sim/ (no SAP auth; loopback only):
// create and inspect orders, inject faults, read statistics, reset. Tests and
// the demo drive the simulator through it; it is not part of SAP's API.
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { faultRequestSchema, type SapSimFaults } from './sap-sim-faults';
import { orderEtag } from './sap-sim-odata';
import type { CsrfSessions } from './sap-sim-session';
import type { SapSimState, SimOrder } from './sap-sim-state';
import type { SimAuth } from './sim-auth';
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

export const setStockSchema = z
  .object({
    material: z.string().min(1).max(40),
    plant: z.string().min(1).max(4).default('1710'),
    storageLocation: z.string().min(1).max(4),
    batch: z.string().max(10).default(''),
    unit: z.string().min(1).max(3).default('EA'),
    quantity: z.number().nonnegative(),
  })
  .strict();

export type SetStockRequest = z.input<typeof setStockSchema>;

export const upsertBomSchema = z
  .object({
    material: z.string().min(1).max(40),
    plant: z.string().min(1).max(4).default('1710'),
    variant: z.string().regex(/^\d{1,2}$/).default('1'),
    description: z.string().max(40).default(''),
    baseQuantity: z.number().positive().default(1),
    baseUnit: z.string().min(1).max(3).default('EA'),
    items: z.array(
      z.object({
        itemNo: z.string().regex(/^\d{1,4}$/),
        component: z.string().min(1).max(40),
        quantity: z.number().positive(),
        unit: z.string().min(1).max(3).default('EA'),
        description: z.string().max(40).default(''),
        /** Alternates of this item: the same alternative item group, lower priority. */
        alternates: z.array(z.object({ material: z.string().min(1).max(40), quantity: z.number().positive() })).default([]),
      }),
    ),
  })
  .strict();

export type UpsertBomRequest = z.input<typeof upsertBomSchema>;

const periodsSchema = z.object({ close: z.array(z.string().regex(/^\d{4}-\d{2}$/)).default([]), open: z.array(z.string().regex(/^\d{4}-\d{2}$/)).default([]) }).strict();

export interface ControlContext {
  state: SapSimState;
  faults: SapSimFaults;
  /** The production-order service's sessions. */
  sessions: CsrfSessions;
  /** Every service root's sessions: faults and resets act on all of them. */
  allSessions: CsrfSessions[];
  auth: SimAuth;
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
  const { state, faults } = ctx;

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
    if (request.expireCsrf) for (const s of ctx.allSessions) s.expireAll();
    if (request.expireTokens) ctx.auth.revokeTokens();
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
    reply.json(200, {
      ...state.stats,
      orders: state.orderCount,
      csrfSessions: ctx.allSessions.reduce((n, s) => n + s.size, 0),
      oauthTokensIssued: ctx.auth.tokensIssued,
      documents: state.ledger.documentStats(),
    });
    return;
  }
  if (route === 'GET /_sim/stock') {
    reply.json(200, state.ledger.listStock());
    return;
  }
  if (route === 'POST /_sim/stock') {
    const parsed = setStockSchema.safeParse(json);
    if (!parsed.success) {
      reply.json(400, { error: 'invalid stock', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    reply.json(200, state.ledger.setStock(parsed.data));
    return;
  }
  if (route === 'GET /_sim/boms') {
    reply.json(200, state.ledger.listBoms());
    return;
  }
  if (route === 'POST /_sim/boms') {
    const parsed = upsertBomSchema.safeParse(json);
    if (!parsed.success) {
      reply.json(400, { error: 'invalid BOM', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    const { items, ...header } = parsed.data;
    const simItems = items.flatMap((item, index) => {
      const group = item.alternates.length ? String(index + 1).padStart(2, '0') : '';
      return [
        { itemNo: item.itemNo.padStart(4, '0'), component: item.component, quantity: item.quantity, unit: item.unit, description: item.description, alternativeGroup: group, alternativePriority: group ? '01' : '', usageProbability: group ? 100 : 0 },
        ...item.alternates.map((alt, altIndex) => ({
          itemNo: String(Number(item.itemNo) + altIndex + 1).padStart(4, '0'),
          component: alt.material,
          quantity: alt.quantity,
          unit: item.unit,
          description: '',
          alternativeGroup: group,
          alternativePriority: String(altIndex + 2).padStart(2, '0'),
          usageProbability: 0,
        })),
      ];
    });
    reply.json(200, state.ledger.upsertBom({ ...header, items: simItems }));
    return;
  }
  if (route === 'GET /_sim/periods') {
    reply.json(200, { closed: state.ledger.closedPeriods });
    return;
  }
  if (route === 'POST /_sim/periods') {
    const parsed = periodsSchema.safeParse(json);
    if (!parsed.success) {
      reply.json(400, { error: 'invalid periods', issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
      return;
    }
    if (parsed.data.close.length) state.ledger.closePeriods(parsed.data.close);
    if (parsed.data.open.length) state.ledger.openPeriods(parsed.data.open);
    reply.json(200, { closed: state.ledger.closedPeriods });
    return;
  }
  if (route === 'GET /_sim/documents') {
    reply.json(200, {
      materialDocuments: state.ledger.listMaterialDocuments(),
      confirmations: state.ledger.listConfirmations(),
      journalEntries: state.ledger.listJournalEntries(),
      qualityNotifications: state.ledger.listQualityNotifications(),
    });
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
    for (const s of ctx.allSessions) s.clear();
    ctx.auth.revokeTokens();
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
      'GET /_sim/stock',
      'POST /_sim/stock',
      'GET /_sim/boms',
      'POST /_sim/boms',
      'GET /_sim/periods',
      'POST /_sim/periods',
      'GET /_sim/documents',
      'GET /_sim/requests',
      'POST /_sim/reset',
    ],
  });
}
