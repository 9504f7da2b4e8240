// The OData side of the SAP simulator: API_PRODUCTION_ORDER_2_SRV as a
// connector meets it on the wire. Order of checks as on Gateway: logon
// (Basic + sap-client), CSRF for changes, then the resource.
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { unqualified, type EdmxEntityType } from '@/lib/erp/sap/edmx-reader';
import { propertyIndex, requireEntityType, type SimModel } from './sap-sim-model';
import {
  completeRecord,
  componentValues,
  functionMessage,
  operationValues,
  orderEtag,
  orderValues,
  renderEntity,
  sapErrorBody,
  type JsonObject,
  type SapErrorDetail,
  type WireRecord,
} from './sap-sim-odata';
import { evaluateFilter, ODataQueryError, parseExpand, parseFilter, parseNonNegativeInt, parseOrderBy, parseSelect, sortRecords } from './sap-sim-query';
import { parseCookies, type CsrfSessions } from './sap-sim-session';
import type { SapSimFaults } from './sap-sim-faults';
import type { SapSimState, SimOrder } from './sap-sim-state';
import { headerValue, type Reply } from './sap-sim-http';

export const SIM_SERVICE_PATH = '/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV';
const ORDER_SET = 'A_ProductionOrder_2';
const KNOWN_SYSTEM_OPTIONS = new Set(['$filter', '$select', '$expand', '$orderby', '$top', '$skip', '$inlinecount', '$format', '$skiptoken']);
// The simulator's message class for business messages; its numbers are its own, not SAP's.
const MSG = 'ZSIM_PP';

export interface SimContext {
  model: SimModel;
  state: SapSimState;
  faults: SapSimFaults;
  sessions: CsrfSessions;
  user: string;
  password: string;
  client: string;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function authenticatedUser(req: IncomingMessage, ctx: SimContext): string | null {
  const header = headerValue(req, 'authorization') ?? '';
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  // SAP user names are case-insensitive; passwords are not.
  return user.toUpperCase() === ctx.user.toUpperCase() && safeEqual(password, ctx.password) ? user.toUpperCase() : null;
}

function unauthorized(reply: Reply): void {
  reply.send(
    401,
    { 'www-authenticate': 'Basic realm="SAP NetWeaver Application Server"', 'content-type': 'text/html; charset=utf-8' },
    '<html><head><title>Logon Error Message</title></head><body><h1>401 Unauthorized</h1><p>Logon failed</p></body></html>',
  );
}

function sapError(reply: Reply, status: number, code: string, message: string, details: SapErrorDetail[] = [], headers: Record<string, string> = {}): void {
  reply.json(status, sapErrorBody(code, message, details.length ? details : [{ code, message }]), headers);
}

/** A quoted string literal ('1000123', with '' for a quote) → its value, or null when malformed. */
function unquote(literal: string): string | null {
  const match = /^'((?:[^']|'')*)'$/.exec(literal);
  return match ? match[1].replace(/''/g, "'") : null;
}

function wantsJson(req: IncomingMessage, url: URL): boolean | 'bad-format' {
  const format = url.searchParams.get('$format');
  if (format !== null) return format === 'json' ? true : format === 'xml' || format === 'atom' ? false : 'bad-format';
  return (headerValue(req, 'accept') ?? '').toLowerCase().includes('application/json');
}

class ODataRequestHandler {
  private readonly orderType: EdmxEntityType;

  constructor(
    private readonly req: IncomingMessage,
    private readonly url: URL,
    private readonly ctx: SimContext,
    private readonly reply: Reply,
  ) {
    this.orderType = requireEntityType(ctx.model, 'A_ProductionOrder_2Type');
  }

  private get serviceRoot(): string {
    return `http://${headerValue(this.req, 'host') ?? '127.0.0.1'}${SIM_SERVICE_PATH}`;
  }

  private get namespace(): string {
    return this.ctx.model.edmx.namespace;
  }

  private count(kind: string): void {
    this.ctx.state.count(kind);
  }

  async handle(): Promise<void> {
    const { req, url, ctx, reply } = this;
    const method = (req.method ?? 'GET').toUpperCase();
    // Gateway honours X-HTTP-Method on POST (MERGE tunnelled through proxies).
    const tunnelled = method === 'POST' ? headerValue(req, 'x-http-method')?.toUpperCase() : undefined;
    const effective = tunnelled ?? method;
    const isChange = effective !== 'GET' && effective !== 'HEAD';

    const user = authenticatedUser(req, ctx);
    const client = url.searchParams.get('sap-client');
    // Without sap-client the logon goes to the system's default client, which is ours.
    if (!user || (client !== null && client !== ctx.client)) {
      this.count('auth-rejected');
      unauthorized(reply);
      return;
    }

    let rest: string;
    try {
      rest = decodeURIComponent(url.pathname.slice(SIM_SERVICE_PATH.length));
    } catch {
      this.count('bad-request');
      sapError(reply, 400, '/IWBEP/CM_MGW_RT/004', 'Malformed URI');
      return;
    }
    const cookies = parseCookies(headerValue(req, 'cookie'));
    const csrfHeader = headerValue(req, 'x-csrf-token');

    if (!isChange && csrfHeader?.toLowerCase() === 'fetch') {
      const withheld = ctx.faults.csrfOnlyWithoutSlash && rest === '/';
      if (!withheld) {
        const { token, setCookies } = ctx.sessions.fetch(cookies, user);
        reply.header('x-csrf-token', token);
        reply.header('set-cookie', setCookies);
        this.count('csrf-fetch');
      }
    }

    if (isChange) {
      if (ctx.sessions.check(cookies, csrfHeader, user) !== 'ok') {
        this.count('csrf-rejected');
        reply.text(403, 'CSRF token validation failed', { 'x-csrf-token': 'Required' });
        return;
      }
      const reset = ctx.faults.takeReset();
      if (reset === 'before-commit') {
        this.count('fault-reset');
        reply.drop();
        return;
      }
      if (reset === 'after-commit') {
        this.count('fault-reset');
        reply.dropInsteadOfAnswer = true;
      }
    }

    for (const key of url.searchParams.keys()) {
      if (key.startsWith('$') && !KNOWN_SYSTEM_OPTIONS.has(key)) {
        this.count('bad-request');
        sapError(reply, 400, '/IWBEP/CM_MGW_RT/004', `System query option '${key}' is not supported`);
        return;
      }
    }

    if (rest === '' || rest === '/') {
      this.serviceDocument(effective);
      return;
    }
    if (rest === '/$metadata') {
      if (effective !== 'GET' && effective !== 'HEAD') return this.methodNotAllowed(effective, 'GET');
      this.count('metadata');
      reply.send(200, { 'content-type': 'application/xml', dataserviceversion: '2.0' }, ctx.model.metadataXml);
      return;
    }
    if (rest === '/$batch') {
      this.count('not-simulated');
      sapError(reply, 501, '/IWBEP/CM_MGW_RT/005', '$batch is not simulated');
      return;
    }

    const segment = /^\/([A-Za-z_]\w*)(?:\((.*)\))?(?:\/([A-Za-z_$][\w$]*))?$/.exec(rest);
    if (!segment) {
      this.count('bad-request');
      sapError(reply, 400, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${rest.slice(1)}'`);
      return;
    }
    const [, name, key, sub] = segment;

    const json = isChange ? true : wantsJson(req, url);
    if (json === 'bad-format') {
      this.count('bad-request');
      sapError(reply, 400, '/IWBEP/CM_MGW_RT/004', `Invalid $format '${url.searchParams.get('$format')}'`);
      return;
    }
    if (!json) {
      // Real Gateway would answer Atom XML here; the simulator only speaks JSON and says so.
      this.count('not-acceptable');
      reply.text(406, 'The SAP simulator answers JSON only: send Accept: application/json or $format=json');
      return;
    }

    try {
      const functionImport = ctx.model.edmx.functionImports.get(name);
      if (functionImport && key === undefined && sub === undefined) {
        const allowed = (functionImport.httpMethod ?? 'GET').toUpperCase();
        if (effective !== allowed) return this.methodNotAllowed(effective, allowed);
        if (name === 'ReleaseOrder') return this.releaseOrder();
        this.count('not-simulated');
        sapError(reply, 501, '/IWBEP/CM_MGW_RT/005', `Function import ${name} is not simulated`);
        return;
      }
      if (!ctx.model.edmx.entitySets.has(name)) {
        this.count('bad-request');
        sapError(reply, 400, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${name}'`);
        return;
      }
      if (name !== ORDER_SET) {
        this.count('not-simulated');
        sapError(reply, 501, '/IWBEP/CM_MGW_RT/005', `Entity set ${name} is not simulated`);
        return;
      }
      this.orders(effective, key, sub);
    } catch (error) {
      if (error instanceof ODataQueryError) {
        this.count('bad-request');
        sapError(reply, 400, error.code, error.message);
        return;
      }
      throw error;
    }
  }

  private methodNotAllowed(method: string, allowed: string): void {
    this.count('method-not-allowed');
    sapError(this.reply, 405, '/IWBEP/CM_MGW_RT/006', `Method '${method}' not allowed for this resource`, [], { allow: allowed });
  }

  private serviceDocument(method: string): void {
    if (method !== 'GET' && method !== 'HEAD') return this.methodNotAllowed(method, 'GET');
    this.count('service-document');
    if (!wantsJson(this.req, this.url)) {
      // The service document in AtomPub form, minimal: clients mostly GET it for the CSRF token.
      const sets = [...this.ctx.model.edmx.entitySets.keys()].map((s) => `<app:collection href="${s}"><atom:title>${s}</atom:title></app:collection>`).join('');
      this.reply.send(
        200,
        { 'content-type': 'application/atomsvc+xml', dataserviceversion: '2.0' },
        `<?xml version="1.0" encoding="utf-8"?><app:service xmlns:app="http://www.w3.org/2007/app" xmlns:atom="http://www.w3.org/2005/Atom"><app:workspace><atom:title>Data</atom:title>${sets}</app:workspace></app:service>`,
      );
      return;
    }
    this.reply.json(200, { d: { EntitySets: [...this.ctx.model.edmx.entitySets.keys()] } });
  }

  private findOrder(key: string): SimOrder | undefined | null {
    // Either ('1000123') or (ManufacturingOrder='1000123'); null when malformed.
    const named = /^ManufacturingOrder=(.*)$/.exec(key);
    const id = unquote(named ? named[1] : key);
    if (id === null) return null;
    return this.ctx.state.getOrder(id);
  }

  private orders(method: string, key: string | undefined, sub: string | undefined): void {
    const { reply } = this;
    if (key === undefined) {
      if (method === 'POST') {
        this.count('not-simulated');
        sapError(reply, 501, '/IWBEP/CM_MGW_RT/005', 'Creating production orders is not simulated; use POST /_sim/orders');
        return;
      }
      if (method !== 'GET' && method !== 'HEAD') return this.methodNotAllowed(method, 'GET');
      if (sub === '$count') return this.collection(true);
      if (sub !== undefined) {
        this.count('bad-request');
        sapError(reply, 400, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${sub}'`);
        return;
      }
      return this.collection(false);
    }

    const order = this.findOrder(key);
    if (order === null) {
      this.count('bad-request');
      sapError(reply, 400, '/IWBEP/CM_MGW_RT/004', `Invalid key predicate (${key})`);
      return;
    }
    if (method === 'DELETE') return this.methodNotAllowed(method, 'GET, PATCH, PUT');
    if (!order) {
      this.count('not-found');
      const id = unquote(key.replace(/^ManufacturingOrder=/, '')) ?? key;
      sapError(reply, 404, `${MSG}/004`, `Order ${id} does not exist`);
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      if (sub === undefined) return this.single(order);
      return this.navigation(order, sub);
    }
    // Updates: enforce the ETag protocol (PROTOCOL-NOTES §2.4), then say what is not simulated.
    const ifMatch = headerValue(this.req, 'if-match');
    if (!ifMatch) {
      this.count('precondition-required');
      sapError(reply, 428, '/IWBEP/CM_MGW_RT/007', 'Precondition required: send If-Match with the ETag');
      return;
    }
    if (ifMatch !== '*' && ifMatch !== orderEtag(order)) {
      this.count('precondition-failed');
      sapError(reply, 412, '/IWBEP/CM_MGW_RT/008', 'Precondition failed: the order was changed by someone else');
      return;
    }
    this.count('not-simulated');
    sapError(reply, 501, '/IWBEP/CM_MGW_RT/005', 'Updating production orders is not simulated');
  }

  private navigationType(nav: string): EdmxEntityType | undefined {
    const target = this.orderType.navigationProperties.find((n) => n.name === nav)?.toType;
    return target ? this.ctx.model.edmx.entityTypes.get(unqualified(target)) : undefined;
  }

  private entitySetOf(type: EdmxEntityType): string {
    for (const [set, qualified] of this.ctx.model.edmx.entitySets) if (unqualified(qualified) === type.name) return set;
    return type.name.replace(/Type$/, '');
  }

  private navigationEntities(order: SimOrder, nav: string): JsonObject[] {
    const type = this.navigationType(nav);
    if (!type) return [];
    let values: WireRecord[] = [];
    if (nav === 'to_ProductionOrderComponent') values = componentValues(order);
    else if (nav === 'to_ProductionOrderOperation') values = operationValues(order);
    // Other navigations (status, items, serial numbers…) exist in the contract but hold no simulated data.
    const etagged = type.properties.some((p) => p.concurrencyMode === 'Fixed' && p.name === 'LastChangeDateTime');
    return values.map((v) =>
      renderEntity(type, completeRecord(type, v), {
        serviceRoot: this.serviceRoot,
        namespace: this.namespace,
        entitySet: this.entitySetOf(type),
        select: null,
        expanded: new Map(),
        etag: etagged ? orderEtag(order) : undefined,
      }),
    );
  }

  private orderRecord(order: SimOrder): WireRecord {
    return completeRecord(this.orderType, orderValues(order, this.ctx.state.isLocked(order.id)));
  }

  private renderOrder(order: SimOrder, select: Set<string> | null, expand: string[]): JsonObject {
    return renderEntity(this.orderType, this.orderRecord(order), {
      serviceRoot: this.serviceRoot,
      namespace: this.namespace,
      entitySet: ORDER_SET,
      select,
      expanded: new Map(expand.map((nav) => [nav, this.navigationEntities(order, nav)])),
      etag: orderEtag(order),
    });
  }

  private collection(countOnly: boolean): void {
    const params = this.url.searchParams;
    const type = this.orderType;
    const filterText = params.get('$filter');
    const filter = filterText === null ? null : parseFilter(filterText, type);
    const orderBy = params.get('$orderby') === null ? [] : parseOrderBy(params.get('$orderby') ?? '', type);
    const top = parseNonNegativeInt('$top', params.get('$top'));
    const skip = parseNonNegativeInt('$skip', params.get('$skip')) ?? 0;
    const inlineCount = params.get('$inlinecount');
    if (inlineCount !== null && inlineCount !== 'allpages' && inlineCount !== 'none') {
      throw new ODataQueryError('/IWBEP/CM_MGW_RT/004', `Invalid value '${inlineCount}' for $inlinecount`);
    }
    const select = parseSelect(params.get('$select'), type);
    const expand = parseExpand(params.get('$expand'), type);

    const properties = propertyIndex(type);
    const byRecord = new Map<WireRecord, SimOrder>();
    const records = this.ctx.state.listOrders().map((order) => {
      const record = this.orderRecord(order);
      byRecord.set(record, order);
      return record;
    });
    const matching = filter ? records.filter((r) => evaluateFilter(filter, r, properties)) : records;

    if (countOnly) {
      this.count('count');
      this.reply.text(200, String(matching.length));
      return;
    }
    this.count('list');
    const sorted = orderBy.length ? sortRecords(matching, orderBy) : matching;
    const page = sorted.slice(skip, top === undefined ? undefined : skip + top);
    const results = page.map((record) => this.renderOrder(byRecord.get(record) as SimOrder, select, expand));
    this.reply.json(200, { d: inlineCount === 'allpages' ? { __count: String(matching.length), results } : { results } });
  }

  private single(order: SimOrder): void {
    this.count('get');
    const select = parseSelect(this.url.searchParams.get('$select'), this.orderType);
    const expand = parseExpand(this.url.searchParams.get('$expand'), this.orderType);
    this.reply.json(200, { d: this.renderOrder(order, select, expand) }, { etag: orderEtag(order) });
  }

  private navigation(order: SimOrder, nav: string): void {
    if (!this.orderType.navigationProperties.some((n) => n.name === nav)) {
      this.count('bad-request');
      sapError(this.reply, 400, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${nav}'`);
      return;
    }
    this.count('navigation');
    this.reply.json(200, { d: { results: this.navigationEntities(order, nav) } });
  }

  private releaseOrder(): void {
    const { reply, ctx } = this;
    this.count('release');
    const raw = this.url.searchParams.get('ManufacturingOrder');
    const id = raw === null ? null : unquote(raw);
    if (id === null || id === '' || id.length > 12) {
      this.count('bad-request');
      sapError(reply, 400, '/IWBEP/CM_MGW_RT/004', "Parameter ManufacturingOrder is missing or not a string literal like '1000123'");
      return;
    }
    const outcome = ctx.state.release(id);
    switch (outcome.kind) {
      case 'not-found':
        sapError(reply, 404, `${MSG}/004`, `Order ${id} does not exist`);
        return;
      case 'locked':
        sapError(reply, 400, `${MSG}/010`, `Order ${id} could not be released`, [
          { code: `${MSG}/011`, message: `Order ${id} is locked by user PLANNER01` },
          { code: `${MSG}/010`, message: `Order ${id} could not be released` },
        ]);
        return;
      case 'already-released':
        this.functionResult(functionMessage(this.namespace, 'I', '002', `Order ${id} is already released`, id));
        return;
      case 'released':
        this.functionResult(functionMessage(this.namespace, 'S', '001', `Order ${id} released`, id));
        return;
    }
  }

  private functionResult(message: JsonObject): void {
    const sapMessage = this.ctx.faults.takeSapMessage();
    const headers: Record<string, string> = sapMessage
      ? { 'sap-message': JSON.stringify({ code: sapMessage.code, message: sapMessage.message, severity: sapMessage.severity, target: '', details: [] }) }
      : {};
    this.reply.json(200, { d: { ReleaseOrder: message } }, headers);
  }
}

export async function handleODataRequest(req: IncomingMessage, url: URL, ctx: SimContext, reply: Reply): Promise<void> {
  await new ODataRequestHandler(req, url, ctx, reply).handle();
}

