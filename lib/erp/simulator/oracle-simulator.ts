// A stateful Oracle Fusion Cloud simulator on plain node:http: work orders,
// material and operation transactions, staged inventory transactions,
// completed transactions, quality issues, item structures, on-hand balances,
// FBDI journal import (erpintegrations + ESS job status) and journal batches,
// under /fscmRestApi/resources/<version>/. Basic or bearer logon, the
// REST-Framework-Version header (errors as text/plain before version 4,
// application/vnd.oracle.adf.error+json from 4 on), ETag/If-Match, and the
// same fault controls as the SAP simulator. Control API under /_sim/.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { oracleConfig, type DeepPartial, type OracleResourceConfig } from '@/lib/erp/oracle/oracle-config';
import { faultRequestSchema, SapSimFaults } from './sap-sim-faults';
import { headerValue, Reply } from './sap-sim-http';
import { evaluateQ, OracleQueryError, parseQ } from './oracle-sim-query';
import { OracleSimResources, type OracleFailure, type Row } from './oracle-sim-resources';
import { OracleSimState, type OracleSimWorkOrder } from './oracle-sim-state';
import { SimAuth } from './sim-auth';
import { readBodyOrRefuse, sleep, startSimHttpServer } from './sim-http-server';

export const ORACLE_SIM_TOKEN_PATH = '/oauth2/v1/token';

export interface OracleSimulatorOptions {
  port?: number;
  host?: string;
  /** Integration user and password (defaults match lib/env.ts: INTERLOCK / interlock-demo). */
  user?: string;
  password?: string;
  stateFile?: string;
  config?: DeepPartial<OracleResourceConfig>;
  /** How long a Journal Import ESS job runs before it ends (default 0: at the next status poll). */
  essDelayMs?: number;
  tokenTtlMs?: number;
  /** Seed the demo organisation (work orders, structures, on-hand) on an empty state. */
  demo?: boolean;
  now?: () => Date;
  onRequest?: (entry: { at: string; method: string; target: string; status: number; ms: number }) => void;
}

export interface OracleSimulator {
  url: string;
  /** Root of the REST resources, e.g. http://127.0.0.1:4020/fscmRestApi/resources/11.13.18.05. */
  resourceRoot: string;
  port: number;
  state: OracleSimState;
  faults: SapSimFaults;
  auth: SimAuth;
  config: OracleResourceConfig;
  close(): Promise<void>;
}

const createWorkOrderSchema = z
  .object({
    number: z.string().min(1).max(120).optional(),
    organization: z.string().min(1).default('M1'),
    item: z.string().min(1),
    quantity: z.number().positive(),
    uom: z.string().min(1).default('Ea'),
    status: z.string().optional(),
    plannedStart: z.string().refine((v) => !Number.isNaN(Date.parse(v))).optional(),
    plannedCompletion: z.string().refine((v) => !Number.isNaN(Date.parse(v))),
    workCenter: z.string().min(1).nullable().optional(),
    materials: z.array(z.object({ item: z.string().min(1), quantity: z.number().nonnegative(), uom: z.string().default('Ea'), subinventory: z.string().default('Stores') })).default([]),
  })
  .strict();

export type CreateWorkOrderRequest = z.input<typeof createWorkOrderSchema>;

const onhandSchema = z.object({ organization: z.string().default('M1'), item: z.string().min(1), subinventory: z.string().min(1), lot: z.string().default(''), uom: z.string().default('Ea'), quantity: z.number().nonnegative() }).strict();
export type SetOnhandRequest = z.input<typeof onhandSchema>;

const structureSchema = z
  .object({
    item: z.string().min(1),
    organization: z.string().default('M1'),
    name: z.string().default('Primary'),
    components: z.array(
      z.object({
        seq: z.number().int().positive(),
        item: z.string().min(1),
        quantity: z.number().positive(),
        uom: z.string().default('Ea'),
        substitutes: z.array(z.object({ item: z.string().min(1), quantity: z.number().positive(), priority: z.number().int().positive().default(1) })).default([]),
      }),
    ),
  })
  .strict();
export type UpsertStructureRequest = z.input<typeof structureSchema>;

const controlFaultSchema = faultRequestSchema.extend({ essDelayMs: z.number().int().min(0).max(600_000).optional() });

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export async function startOracleSimulator(options: OracleSimulatorOptions = {}): Promise<OracleSimulator> {
  const now = options.now ?? (() => new Date());
  const config = oracleConfig(options.config);
  const state = new OracleSimState(now, options.stateFile);
  const faults = new SapSimFaults();
  let essDelayMs = options.essDelayMs ?? 0;
  const auth = new SimAuth({ user: options.user ?? 'INTERLOCK', password: options.password ?? 'interlock-demo', tokenTtlMs: options.tokenTtlMs ?? 3_600_000, now: () => now().getTime(), caseInsensitiveUser: false });
  const resources = new OracleSimResources(state, config, () => faults.slowReadBackMs, () => essDelayMs);
  const root = `/fscmRestApi/resources/${config.apiVersion}`;
  const requestLog: { at: string; method: string; target: string; status: number; ms: number; restFrameworkVersion: string | null; contentType: string | null; ifMatch: string | null }[] = [];

  function frameworkVersion(req: IncomingMessage): number {
    const v = Number(headerValue(req, 'rest-framework-version') ?? '1');
    return Number.isFinite(v) && v >= 1 ? v : 1;
  }

  function error(req: IncomingMessage, reply: Reply, failure: OracleFailure): void {
    if (frameworkVersion(req) >= 4) {
      reply.send(
        failure.status,
        { 'content-type': 'application/vnd.oracle.adf.error+json' },
        JSON.stringify({
          title: failure.status === 404 ? 'Not Found' : failure.status === 412 ? 'Precondition Failed' : 'Bad Request',
          status: String(failure.status),
          'o:errorDetails': [{ detail: failure.detail, 'o:errorCode': failure.code, ...(failure.path ? { 'o:errorPath': failure.path } : {}) }],
        }),
      );
    } else {
      reply.text(failure.status, failure.detail);
    }
  }

  function collection(req: IncomingMessage, url: URL, reply: Reply, rows: Row[], attributes: Set<string>): void {
    const params = url.searchParams;
    let filtered = rows;
    const q = params.get('q');
    if (q) {
      try {
        const node = parseQ(q, attributes);
        filtered = rows.filter((r) => evaluateQ(node, r));
      } catch (e) {
        if (e instanceof OracleQueryError) return error(req, reply, { status: 400, detail: e.message, code: 'SIM-00030' });
        throw e;
      }
    }
    const orderBy = params.get('orderBy');
    if (orderBy) {
      const [field, direction] = orderBy.split(':');
      if (!attributes.has(field)) return error(req, reply, { status: 400, detail: `Attribute ${field} in orderBy is not valid`, code: 'SIM-00031' });
      filtered = [...filtered].sort((a, b) => (String(a[field]) < String(b[field]) ? -1 : String(a[field]) > String(b[field]) ? 1 : 0) * (direction === 'desc' ? -1 : 1));
    }
    const limit = Math.min(500, Number(params.get('limit') ?? '25') || 25);
    const offset = Number(params.get('offset') ?? '0') || 0;
    const page = filtered.slice(offset, offset + limit);
    const body: Row = { items: page, count: page.length, hasMore: offset + page.length < filtered.length, limit, offset, links: [] };
    if (params.get('totalResults') === 'true') body.totalResults = filtered.length;
    reply.json(200, body);
  }

  function parseJson(body: string): Row | null {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Row) : null;
    } catch {
      return null;
    }
  }

  function findWorkOrder(id: string): OracleSimWorkOrder | undefined {
    return resources.findWorkOrderById(id);
  }

  async function handleResource(req: IncomingMessage, url: URL, body: string, reply: Reply): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const fv = frameworkVersion(req);
    const path = url.pathname.slice(root.length).replace(/^\/+/, '');
    const segments = path.split('/').map(decodeURIComponent);
    const [resource, id, childWord, childName, childId] = segments;
    const expand = new Set((url.searchParams.get('expand') ?? '').split(',').filter(Boolean));
    const isChange = method !== 'GET' && method !== 'HEAD';
    const json = isChange ? parseJson(body) : null;
    if (isChange && !json) return error(req, reply, { status: 400, detail: 'The request body is not a JSON object.', code: 'SIM-00040' });
    if (isChange && !/application\/(vnd\.oracle\.adf\.resourceitem\+)?json/i.test(headerValue(req, 'content-type') ?? '')) {
      return error(req, reply, { status: 415, detail: 'Unsupported media type: use application/vnd.oracle.adf.resourceitem+json', code: 'SIM-00415' });
    }
    state.count(`${method} ${resource}${id ? '/{id}' : ''}${childName ? `/child/${childName}` : ''}`);
    const notFound = () => error(req, reply, { status: 404, detail: `The requested resource ${path} does not exist.`, code: 'SIM-00404' });

    switch (resource) {
      case config.workOrders.resource: {
        if (!id) {
          if (method !== 'GET') return error(req, reply, { status: 405, detail: 'Creating work orders is not simulated; use POST /_sim/workOrders', code: 'SIM-00405' });
          return collection(req, url, reply, state.data.workOrders.map((o) => resources.workOrderRow(o, fv, expand)), resources.workOrderAttributes());
        }
        const order = findWorkOrder(id);
        if (!order) return notFound();
        if (childWord === 'child' && childName === config.workOrders.materialChild && childId) {
          if (method !== 'PATCH') return error(req, reply, { status: 405, detail: 'Only PATCH is simulated on work order materials', code: 'SIM-00405' });
          const outcome = resources.patchWorkOrderMaterial(id, childId, json ?? {}, headerValue(req, 'if-match'));
          if (!outcome.ok) return error(req, reply, outcome.failure);
          reply.json(200, resources.workOrderRow(outcome.value, fv, new Set([config.workOrders.materialChild])), { etag: outcome.etag ?? '' });
          return;
        }
        if (childWord) return notFound();
        if (method === 'GET') {
          reply.json(200, resources.workOrderRow(order, fv, expand), { etag: state.etag(order) });
          return;
        }
        if (method !== 'PATCH') return error(req, reply, { status: 405, detail: `${method} is not simulated on a work order`, code: 'SIM-00405' });
        const outcome = resources.patchWorkOrder(id, json ?? {}, headerValue(req, 'if-match'));
        if (!outcome.ok) return error(req, reply, outcome.failure);
        reply.json(200, resources.workOrderRow(outcome.value, fv, new Set()), { etag: outcome.etag ?? '' });
        return;
      }
      case config.materialTransactions.resource: {
        if (method !== 'POST' || id) return error(req, reply, { status: 405, detail: 'Get action not supported', code: 'SIM-00405' });
        const outcome = resources.postMaterialTransactions(json ?? {});
        if (!outcome.ok) return error(req, reply, outcome.failure);
        reply.json(201, outcome.value);
        return;
      }
      case config.stagedTransactions.resource: {
        if (method !== 'POST' || id) return error(req, reply, { status: 405, detail: 'Only POST is simulated on staged transactions', code: 'SIM-00405' });
        const outcome = resources.postStagedTransaction(json ?? {});
        if (!outcome.ok) return error(req, reply, outcome.failure);
        reply.json(201, outcome.value);
        return;
      }
      case config.completedTransactions.resource: {
        if (method !== 'GET') return error(req, reply, { status: 405, detail: 'Completed transactions are read-only', code: 'SIM-00405' });
        if (id) {
          const t = resources.visibleTransactions().find((x) => String(x.id) === id);
          if (!t) return notFound();
          reply.json(200, resources.transactionRow(t));
          return;
        }
        return collection(req, url, reply, resources.visibleTransactions().map((t) => resources.transactionRow(t)), resources.transactionAttributes());
      }
      case config.operationTransactions.resource: {
        if (method === 'POST' && !id) {
          const outcome = resources.postOperationTransactions(json ?? {});
          if (!outcome.ok) return error(req, reply, outcome.failure);
          reply.json(201, outcome.value);
          return;
        }
        if (method !== 'GET' || id) return error(req, reply, { status: 405, detail: 'Not simulated', code: 'SIM-00405' });
        const rows = resources.visibleOperationTransactions().map((o) => resources.operationRow(o));
        return collection(req, url, reply, rows, new Set(Object.keys(resources.operationRow({ id: 0, organization: '', workOrder: '', seq: 0, quantity: 0, scrap: 0, uom: '', final: false, reference: '', createdAt: '' }))));
      }
      case config.qualityIssues.resource: {
        if (method === 'POST' && !id) {
          const outcome = resources.postQualityIssue(json ?? {});
          if (!outcome.ok) return error(req, reply, outcome.failure);
          reply.json(201, outcome.value);
          return;
        }
        if (method !== 'GET' || id) return error(req, reply, { status: 405, detail: 'Not simulated', code: 'SIM-00405' });
        return collection(req, url, reply, resources.visibleQualityIssues().map((q) => resources.qualityRow(q)), resources.qualityAttributes());
      }
      case config.boms.resource: {
        if (method !== 'GET' || id) return error(req, reply, { status: 405, detail: 'Item structures are read-only here', code: 'SIM-00405' });
        const b = config.boms;
        return collection(req, url, reply, state.data.structures.map((s) => resources.structureRow(s, fv)), new Set([b.itemField, b.organizationField, b.structureNameField]));
      }
      case config.onhand.resource: {
        if (method !== 'GET' || id) return error(req, reply, { status: 405, detail: 'On-hand balances are read-only', code: 'SIM-00405' });
        const o = config.onhand;
        return collection(req, url, reply, state.data.onhand.filter((r) => r.quantity !== 0).map((r) => resources.onhandRow(r)), new Set([o.itemField, o.organizationField, o.subinventoryField, o.lotField]));
      }
      case config.erpIntegrations.resource: {
        if (method === 'POST' && !id) {
          const outcome = resources.importBulkData(json ?? {});
          if (!outcome.ok) return error(req, reply, outcome.failure);
          reply.json(201, outcome.value);
          return;
        }
        if (method !== 'GET') return error(req, reply, { status: 405, detail: 'Not simulated', code: 'SIM-00405' });
        const finder = url.searchParams.get('finder') ?? '';
        const match = /^ESSJobStatusRF;requestId=(\d+)$/.exec(finder);
        if (!match) return error(req, reply, { status: 400, detail: 'The simulator answers only finder=ESSJobStatusRF;requestId=<id>', code: 'SIM-00050' });
        const status = resources.essStatus(match[1]);
        reply.json(200, { items: status ? [status] : [], count: status ? 1 : 0, hasMore: false, limit: 25, offset: 0, links: [] });
        return;
      }
      case config.journals.readBackResource: {
        if (method !== 'GET' || id) return error(req, reply, { status: 405, detail: 'Journal batches are read-only here', code: 'SIM-00405' });
        resources.runDueJobs();
        const j = config.journals;
        return collection(req, url, reply, resources.visibleBatches().map((b) => resources.batchRow(b)), new Set([j.batchIdField, j.batchNameField, 'LedgerId', 'Status', 'GroupId']));
      }
      default:
        return notFound();
    }
  }

  function handleControl(req: IncomingMessage, url: URL, body: string, reply: Reply): void {
    if (!isLoopback(req.socket.remoteAddress)) {
      reply.json(403, { error: 'the simulator control API answers loopback clients only' });
      return;
    }
    const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
    let json: unknown = {};
    if (body.trim() !== '') {
      try {
        json = JSON.parse(body);
      } catch {
        reply.json(400, { error: 'body is not JSON' });
        return;
      }
    }
    const invalid = (what: string, issues: z.ZodError) => reply.json(400, { error: `invalid ${what}`, issues: issues.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) });
    switch (route) {
      case 'GET /_sim/workOrders':
        reply.json(200, state.data.workOrders.map((o) => ({ ...o, etag: state.etag(o) })));
        return;
      case 'POST /_sim/workOrders': {
        const parsed = createWorkOrderSchema.safeParse(json);
        if (!parsed.success) return invalid('work order', parsed.error);
        const input = parsed.data;
        const id = state.next('workOrder');
        const order: OracleSimWorkOrder = {
          id,
          number: input.number ?? `${input.organization}-${id % 100000}`,
          organization: input.organization,
          item: input.item,
          quantity: input.quantity,
          uom: input.uom,
          status: input.status ?? config.workOrders.unreleasedStatuses[0],
          plannedStart: new Date(input.plannedStart ?? now().toISOString()).toISOString(),
          plannedCompletion: new Date(input.plannedCompletion).toISOString(),
          version: 1,
          operations: input.workCenter ? [{ seq: 10, workCenter: input.workCenter }] : [],
          materials: input.materials.map((m) => ({ id: state.next('material'), item: m.item, quantity: m.quantity, uom: m.uom, subinventory: m.subinventory, operationSeq: 10 })),
          createdAt: now().toISOString(),
        };
        if (state.data.workOrders.some((o) => o.number === order.number && o.organization === order.organization)) {
          reply.json(409, { error: `work order ${order.number} already exists` });
          return;
        }
        state.data.workOrders.push(order);
        state.persist();
        reply.json(201, { ...order, etag: state.etag(order) });
        return;
      }
      case 'GET /_sim/onhand':
        reply.json(200, state.data.onhand);
        return;
      case 'POST /_sim/onhand': {
        const parsed = onhandSchema.safeParse(json);
        if (!parsed.success) return invalid('on-hand row', parsed.error);
        state.setOnhand(parsed.data);
        reply.json(200, parsed.data);
        return;
      }
      case 'POST /_sim/structures': {
        const parsed = structureSchema.safeParse(json);
        if (!parsed.success) return invalid('item structure', parsed.error);
        state.data.structures = state.data.structures.filter((s) => !(s.item === parsed.data.item && s.organization === parsed.data.organization && s.name === parsed.data.name));
        state.data.structures.push(parsed.data);
        state.persist();
        reply.json(200, parsed.data);
        return;
      }
      case 'POST /_sim/periods': {
        const parsed = z.object({ close: z.array(z.string().regex(/^\d{4}-\d{2}$/)).default([]), open: z.array(z.string().regex(/^\d{4}-\d{2}$/)).default([]) }).strict().safeParse(json);
        if (!parsed.success) return invalid('periods', parsed.error);
        state.data.closedPeriods = [...new Set([...state.data.closedPeriods, ...parsed.data.close])].filter((p) => !parsed.data.open.includes(p));
        state.persist();
        reply.json(200, { closed: state.data.closedPeriods });
        return;
      }
      case 'GET /_sim/faults':
        reply.json(200, { ...faults.snapshot(), essDelayMs });
        return;
      case 'POST /_sim/faults': {
        const parsed = controlFaultSchema.safeParse(json);
        if (!parsed.success) return invalid('faults', parsed.error);
        const { essDelayMs: delay, ...rest } = parsed.data;
        faults.set(rest);
        if (delay !== undefined) essDelayMs = delay;
        if (rest.expireTokens) auth.revokeTokens();
        reply.json(200, { ...faults.snapshot(), essDelayMs });
        return;
      }
      case 'DELETE /_sim/faults':
        faults.clear();
        essDelayMs = options.essDelayMs ?? 0;
        reply.json(200, { ...faults.snapshot(), essDelayMs });
        return;
      case 'GET /_sim/stats':
        resources.runDueJobs();
        reply.json(200, { ...state.stats, workOrders: state.data.workOrders.length, oauthTokensIssued: auth.tokensIssued, documents: state.documentStats() });
        return;
      case 'POST /_sim/stats/reset':
        state.resetStats();
        reply.json(200, state.stats);
        return;
      case 'GET /_sim/documents':
        resources.runDueJobs();
        reply.json(200, {
          postings: state.data.postings,
          transactions: state.data.transactions,
          operationTransactions: state.data.operationTransactions,
          qualityIssues: state.data.qualityIssues,
          journalBatches: state.data.journalBatches.map(({ lines: _lines, ...b }) => b),
          essJobs: state.data.essJobs.map(({ rows: _rows, ...j }) => j),
        });
        return;
      case 'GET /_sim/requests':
        reply.json(200, requestLog);
        return;
      case 'POST /_sim/reset':
        state.reset();
        faults.clear();
        essDelayMs = options.essDelayMs ?? 0;
        auth.revokeTokens();
        requestLog.length = 0;
        reply.json(200, { reset: true });
        return;
      default:
        reply.json(404, {
          error: `no control endpoint ${route}`,
          endpoints: ['GET|POST /_sim/workOrders', 'GET|POST /_sim/onhand', 'POST /_sim/structures', 'POST /_sim/periods', 'GET|POST|DELETE /_sim/faults', 'GET /_sim/stats', 'POST /_sim/stats/reset', 'GET /_sim/documents', 'GET /_sim/requests', 'POST /_sim/reset'],
        });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const reply = new Reply(req, res);
    const isControl = url.pathname === '/_sim' || url.pathname.startsWith('/_sim/');
    const method = (req.method ?? 'GET').toUpperCase();
    if (!isControl) state.enter();
    res.on('close', () => {
      if (isControl) return;
      state.leave();
      const entry = { at: new Date(started).toISOString(), method, target: `${url.pathname}${url.search}`, status: reply.status, ms: Date.now() - started };
      requestLog.push({ ...entry, restFrameworkVersion: headerValue(req, 'rest-framework-version') ?? null, contentType: headerValue(req, 'content-type') ?? null, ifMatch: headerValue(req, 'if-match') ?? null });
      if (requestLog.length > 500) requestLog.shift();
      try {
        options.onRequest?.(entry);
      } catch (e) {
        console.error('[oracle-simulator] onRequest failed', e);
      }
    });
    const body = await readBodyOrRefuse(req, reply);
    if (body === undefined) return;
    if (isControl) return handleControl(req, url, body, reply);
    if (url.pathname === ORACLE_SIM_TOKEN_PATH) {
      state.count('oauth-token');
      auth.handleTokenRequest(req, body, reply);
      return;
    }
    const isChange = method !== 'GET' && method !== 'HEAD';
    const latency = faults.latencyFor(isChange);
    if (latency > 0) await sleep(latency);
    const failure = faults.takeFailure(isChange);
    if (failure) {
      state.count(`fault-${failure.status}`);
      const headers: Record<string, string> = failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {};
      if (failure.status === 429) reply.text(429, 'Too Many Requests', headers);
      else reply.html(failure.status, `HTTP ${failure.status} (simulated)`);
      return;
    }
    if (!url.pathname.startsWith(`${root}/`)) {
      state.count('wrong-path');
      reply.html(404, 'Not Found');
      return;
    }
    if (!auth.authenticate(req)) {
      state.count('auth-rejected');
      reply.send(401, { 'www-authenticate': 'Basic realm="Oracle Fusion"', 'content-type': 'text/plain' }, 'Unauthorized');
      return;
    }
    if (isChange) {
      const reset = faults.takeReset();
      if (reset === 'before-commit') {
        state.count('fault-reset');
        reply.drop();
        return;
      }
      if (reset === 'after-commit') {
        state.count('fault-reset');
        reply.dropInsteadOfAnswer = true;
      }
    }
    await handleResource(req, url, body, reply);
  }

  const host = options.host ?? '127.0.0.1';
  const server = await startSimHttpServer(handle, { port: options.port, host, logTag: '[oracle-simulator]' });
  const port = server.port;
  if (options.demo) seedOracleDemo(state, config, now);
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  return {
    url,
    resourceRoot: `${url}${root}`,
    port,
    state,
    faults,
    auth,
    config,
    close: () => server.close(),
  };
}

/** A small demo organisation M1 (Oracle's Vision-style naming) on an empty state. */
function seedOracleDemo(state: OracleSimState, config: OracleResourceConfig, now: () => Date): void {
  if (state.data.workOrders.length > 0 || state.data.onhand.length > 0) return;
  const organization = 'M1';
  for (const [item, quantity] of [
    ['VLV-55', 4000],
    ['SEAL-KIT-2', 9000],
    ['SEAL-KIT-2V', 1200],
    ['BOLT-M8', 60000],
  ] as const) {
    state.setOnhand({ organization, item, subinventory: 'Stores', lot: '', uom: 'Ea', quantity });
  }
  state.data.structures.push({
    item: 'VALVE-ASSY-55',
    organization,
    name: config.boms.primaryStructureName,
    components: [
      { seq: 10, item: 'VLV-55', quantity: 1, uom: 'Ea', substitutes: [] },
      { seq: 20, item: 'SEAL-KIT-2', quantity: 1, uom: 'Ea', substitutes: [{ item: 'SEAL-KIT-2V', quantity: 1, priority: 1 }] },
      { seq: 30, item: 'BOLT-M8', quantity: 4, uom: 'Ea', substitutes: [] },
    ],
  });
  for (let i = 0; i < 3; i += 1) {
    const id = state.next('workOrder');
    const quantity = 100 * (i + 1);
    state.data.workOrders.push({
      id,
      number: `${organization}-${1001 + i}`,
      organization,
      item: 'VALVE-ASSY-55',
      quantity,
      uom: 'Ea',
      status: config.workOrders.unreleasedStatuses[0],
      plannedStart: new Date(now().getTime() + (i + 1) * 3_600_000).toISOString(),
      plannedCompletion: new Date(now().getTime() + (i + 9) * 3_600_000).toISOString(),
      version: 1,
      operations: [{ seq: 10, workCenter: 'WC-ASSY-05' }],
      materials: [
        { id: state.next('material'), item: 'VLV-55', quantity, uom: 'Ea', subinventory: 'Stores', operationSeq: 10 },
        { id: state.next('material'), item: 'SEAL-KIT-2', quantity, uom: 'Ea', subinventory: 'Stores', operationSeq: 10 },
        { id: state.next('material'), item: 'BOLT-M8', quantity: quantity * 4, uom: 'Ea', subinventory: 'Stores', operationSeq: 10 },
      ],
      createdAt: now().toISOString(),
    });
  }
  state.persist();
}
