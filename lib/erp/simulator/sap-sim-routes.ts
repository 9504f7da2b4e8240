// The OData side of the SAP simulator: any OData V2 service as a connector
// meets it on the wire, driven by its EDMX. Order of checks as on Gateway:
// logon (Basic or bearer, sap-client), CSRF for changes (per service root),
// then the resource. Entity sets and function imports are plugged in per
// service (sap-sim-orders.ts, sap-sim-documents.ts, …); everything generic
// lives here: key predicates, system query options, rendering, ETags,
// contract checks of request bodies against the EDMX, injected resets.
import type { IncomingMessage } from 'node:http';
import { checkPayload } from '@/lib/erp/sap/edmx-payload-check';
import { unqualified, type EdmxEntityType } from '@/lib/erp/sap/edmx-reader';
import { propertyIndex, type SimModel } from './sap-sim-model';
import { completeRecord, renderEntity, sapErrorBody, type JsonObject, type SapErrorDetail, type WireRecord } from './sap-sim-odata';
import { evaluateFilter, ODataQueryError, parseExpand, parseFilter, parseNonNegativeInt, parseOrderBy, parseSelect, sortRecords } from './sap-sim-query';
import { parseCookies, type CsrfSessions } from './sap-sim-session';
import type { SapSimFaults } from './sap-sim-faults';
import type { SapSimState } from './sap-sim-state';
import type { SimAuth } from './sim-auth';
import type { SimFailure } from './sap-sim-ledger';
import { headerValue, type Reply } from './sap-sim-http';

export const SIM_SERVICE_PATH = '/sap/opu/odata/sap/API_PRODUCTION_ORDER_2_SRV';
const KNOWN_SYSTEM_OPTIONS = new Set(['$filter', '$select', '$expand', '$orderby', '$top', '$skip', '$inlinecount', '$format', '$skiptoken']);

/** An entity as a handler holds it: values by property name, its ETag, and related entities. */
export interface SimEntity {
  values: WireRecord;
  etag?: string;
  navigations?: Record<string, SimEntity[]>;
}

export type SimOutcome<T> = { ok: true; value: T } | { ok: false; failure: SimFailure };

export interface EntitySetHandler {
  list(): SimEntity[];
  find(key: Record<string, string>): SimEntity | undefined;
  notFound(key: Record<string, string>): SimFailure;
  /** POST to the set; absent: the set is read-only here (501 with `createRefusal`, or 405 when the EDMX says not creatable). */
  create?(body: JsonObject): SimOutcome<SimEntity>;
  createRefusal?: string;
  /** PATCH/PUT/MERGE; the dispatcher has checked If-Match against the entity's ETag and the body against the EDMX. */
  update?(key: Record<string, string>, body: JsonObject): SimOutcome<SimEntity>;
  updateRefusal?: string;
  /** Allow header for DELETE on an entity (DELETE is not simulated anywhere). */
  allowOnEntity?: string;
}

/** A function import's answer: the whole `d` payload, or a refusal. */
export type FunctionHandler = (params: URLSearchParams) => SimOutcome<JsonObject>;

export interface SimService {
  name: string;
  path: string;
  model: SimModel;
  /** One token and session store per service root, as on Gateway. */
  sessions: CsrfSessions;
  /** Application component in error payloads (PP-SFC, MM-IM-GF…). */
  component: string;
  entitySets: Record<string, EntitySetHandler>;
  functions: Record<string, FunctionHandler>;
}

export interface SimContext {
  state: SapSimState;
  faults: SapSimFaults;
  auth: SimAuth;
  client: string;
}

function unauthorized(reply: Reply): void {
  reply.send(
    401,
    { 'www-authenticate': 'Basic realm="SAP NetWeaver Application Server"', 'content-type': 'text/html; charset=utf-8' },
    '<html><head><title>Logon Error Message</title></head><body><h1>401 Unauthorized</h1><p>Logon failed</p></body></html>',
  );
}

/** A quoted string literal ('1000123', with '' for a quote) → its value, or null when malformed. */
export function unquote(literal: string): string | null {
  const match = /^'((?:[^']|'')*)'$/.exec(literal.trim());
  return match ? match[1].replace(/''/g, "'") : null;
}

/** A function-import parameter: a string literal, datetime'…', guid'…', or a bare number/boolean. */
export function parameterValue(params: URLSearchParams, name: string): string | null {
  const raw = params.get(name);
  if (raw === null) return null;
  const typed = /^(?:datetime|datetimeoffset|guid)'([^']*)'$/.exec(raw);
  if (typed) return typed[1];
  return unquote(raw) ?? raw;
}

/** Splits `A='x',B='y,z'` on the commas outside quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** ('1000123') for one key, (A='x',B='y') for several; null when malformed or not the type's key. */
export function parseKeyPredicate(key: string, type: EdmxEntityType): Record<string, string> | null {
  if (type.key.length === 1) {
    const single = unquote(key);
    if (single !== null) return { [type.key[0]]: single };
  }
  const values: Record<string, string> = {};
  for (const part of splitTopLevel(key)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const name = part.slice(0, eq).trim();
    const literal = part.slice(eq + 1).trim();
    const guid = /^guid'([^']*)'$/.exec(literal);
    const value = guid ? guid[1] : unquote(literal);
    if (value === null || !type.key.includes(name)) return null;
    values[name] = value;
  }
  return type.key.every((k) => k in values) ? values : null;
}

function wantsJson(req: IncomingMessage, url: URL): boolean | 'bad-format' {
  const format = url.searchParams.get('$format');
  if (format !== null) return format === 'json' ? true : format === 'xml' || format === 'atom' ? false : 'bad-format';
  return (headerValue(req, 'accept') ?? '').toLowerCase().includes('application/json');
}

class ODataRequestHandler {
  constructor(
    private readonly req: IncomingMessage,
    private readonly url: URL,
    private readonly body: string,
    private readonly service: SimService,
    private readonly ctx: SimContext,
    private readonly reply: Reply,
  ) {}

  private get serviceRoot(): string {
    return `http://${headerValue(this.req, 'host') ?? '127.0.0.1'}${this.service.path}`;
  }

  private get namespace(): string {
    return this.service.model.edmx.namespace;
  }

  private count(kind: string): void {
    this.ctx.state.count(kind);
  }

  private error(status: number, code: string, message: string, details: SapErrorDetail[] = [], headers: Record<string, string> = {}): void {
    this.reply.json(status, sapErrorBody(code, message, details.length ? details : [{ code, message }], { id: this.service.name, component: this.service.component }), headers);
  }

  private failure(failure: SimFailure): void {
    this.error(failure.status, failure.code, failure.message, [...failure.details, ...(failure.details.some((d) => d.code === failure.code) ? [] : [{ code: failure.code, message: failure.message }])]);
  }

  /** A successful change may carry the injected `sap-message` warning. */
  private changeHeaders(): Record<string, string> {
    const sapMessage = this.ctx.faults.takeSapMessage();
    return sapMessage ? { 'sap-message': JSON.stringify({ code: sapMessage.code, message: sapMessage.message, severity: sapMessage.severity, target: '', details: [] }) } : {};
  }

  async handle(): Promise<void> {
    const { req, url, ctx, reply, service } = this;
    const method = (req.method ?? 'GET').toUpperCase();
    // Gateway honours X-HTTP-Method on POST (MERGE tunnelled through proxies).
    const tunnelled = method === 'POST' ? headerValue(req, 'x-http-method')?.toUpperCase() : undefined;
    const effective = tunnelled ?? method;
    const isChange = effective !== 'GET' && effective !== 'HEAD';

    const user = ctx.auth.authenticate(req);
    const client = url.searchParams.get('sap-client');
    // Without sap-client the logon goes to the system's default client, which is ours.
    if (!user || (client !== null && client !== ctx.client)) {
      this.count('auth-rejected');
      unauthorized(reply);
      return;
    }

    let rest: string;
    try {
      rest = decodeURIComponent(url.pathname.slice(service.path.length));
    } catch {
      this.count('bad-request');
      this.error(400, '/IWBEP/CM_MGW_RT/004', 'Malformed URI');
      return;
    }
    const cookies = parseCookies(headerValue(req, 'cookie'));
    const csrfHeader = headerValue(req, 'x-csrf-token');

    if (!isChange && csrfHeader?.toLowerCase() === 'fetch') {
      const withheld = ctx.faults.csrfOnlyWithoutSlash && rest === '/';
      if (!withheld) {
        const { token, setCookies } = service.sessions.fetch(cookies, user);
        reply.header('x-csrf-token', token);
        reply.header('set-cookie', setCookies);
        this.count('csrf-fetch');
      }
    }

    if (isChange) {
      if (service.sessions.check(cookies, csrfHeader, user) !== 'ok') {
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
        this.error(400, '/IWBEP/CM_MGW_RT/004', `System query option '${key}' is not supported`);
        return;
      }
    }

    if (rest === '' || rest === '/') return this.serviceDocument(effective);
    if (rest === '/$metadata') {
      if (isChange) return this.methodNotAllowed(effective, 'GET');
      this.count('metadata');
      reply.send(200, { 'content-type': 'application/xml', dataserviceversion: '2.0' }, service.model.metadataXml);
      return;
    }
    if (rest === '/$batch') {
      this.count('not-simulated');
      this.error(501, '/IWBEP/CM_MGW_RT/005', '$batch is not simulated');
      return;
    }

    const segment = /^\/([A-Za-z_]\w*)(?:\((.*)\))?(?:\/([A-Za-z_$][\w$]*))?$/.exec(rest);
    if (!segment) {
      this.count('bad-request');
      this.error(400, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${rest.slice(1)}'`);
      return;
    }
    const [, name, key, sub] = segment;

    const json = isChange ? true : wantsJson(req, url);
    if (json === 'bad-format') {
      this.count('bad-request');
      this.error(400, '/IWBEP/CM_MGW_RT/004', `Invalid $format '${url.searchParams.get('$format')}'`);
      return;
    }
    if (!json) {
      // Real Gateway would answer Atom XML here; the simulator only speaks JSON and says so.
      this.count('not-acceptable');
      reply.text(406, 'The SAP simulator answers JSON only: send Accept: application/json or $format=json');
      return;
    }

    try {
      const functionImport = service.model.edmx.functionImports.get(name);
      if (functionImport && key === undefined && sub === undefined) {
        const allowed = (functionImport.httpMethod ?? 'GET').toUpperCase();
        if (effective !== allowed) return this.methodNotAllowed(effective, allowed);
        const handler = service.functions[name];
        if (!handler) {
          this.count('not-simulated');
          this.error(501, '/IWBEP/CM_MGW_RT/005', `Function import ${name} is not simulated`);
          return;
        }
        this.count(`function:${name}`);
        const outcome = handler(url.searchParams);
        if (!outcome.ok) return this.failure(outcome.failure);
        reply.json(200, { d: outcome.value }, isChange ? this.changeHeaders() : {});
        return;
      }
      const typeName = service.model.edmx.entitySets.get(name);
      const type = typeName ? service.model.edmx.entityTypes.get(unqualified(typeName)) : undefined;
      if (!type) {
        this.count('bad-request');
        this.error(400, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${name}'`);
        return;
      }
      const handler = service.entitySets[name];
      if (!handler) {
        this.count('not-simulated');
        this.error(501, '/IWBEP/CM_MGW_RT/005', `Entity set ${name} is not simulated`);
        return;
      }
      this.entitySet(effective, name, type, handler, key, sub);
    } catch (error) {
      if (error instanceof ODataQueryError) {
        this.count('bad-request');
        this.error(400, error.code, error.message);
        return;
      }
      throw error;
    }
  }

  private methodNotAllowed(method: string, allowed: string): void {
    this.count('method-not-allowed');
    this.error(405, '/IWBEP/CM_MGW_RT/006', `Method '${method}' not allowed for this resource`, [], { allow: allowed });
  }

  private serviceDocument(method: string): void {
    if (method !== 'GET' && method !== 'HEAD') return this.methodNotAllowed(method, 'GET');
    this.count('service-document');
    if (!wantsJson(this.req, this.url)) {
      // The service document in AtomPub form, minimal: clients mostly GET it for the CSRF token.
      const sets = [...this.service.model.edmx.entitySets.keys()].map((s) => `<app:collection href="${s}"><atom:title>${s}</atom:title></app:collection>`).join('');
      this.reply.send(
        200,
        { 'content-type': 'application/atomsvc+xml', dataserviceversion: '2.0' },
        `<?xml version="1.0" encoding="utf-8"?><app:service xmlns:app="http://www.w3.org/2007/app" xmlns:atom="http://www.w3.org/2005/Atom"><app:workspace><atom:title>Data</atom:title>${sets}</app:workspace></app:service>`,
      );
      return;
    }
    this.reply.json(200, { d: { EntitySets: [...this.service.model.edmx.entitySets.keys()] } });
  }

  private parseBody(): JsonObject | null {
    try {
      const parsed: unknown = JSON.parse(this.body);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        // Some clients wrap the entity in "d" (as the Hub OpenAPI shows it); Gateway accepts both.
        const inner = (parsed as JsonObject).d;
        return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as JsonObject) : (parsed as JsonObject);
      }
    } catch {
      // handled below
    }
    return null;
  }

  private entitySet(method: string, setName: string, type: EdmxEntityType, handler: EntitySetHandler, key: string | undefined, sub: string | undefined): void {
    const { reply } = this;
    if (key === undefined) {
      if (method === 'POST') return this.create(setName, type, handler);
      if (method !== 'GET' && method !== 'HEAD') return this.methodNotAllowed(method, 'GET');
      if (sub === '$count') return this.collection(setName, type, handler, true);
      if (sub !== undefined) {
        this.count('bad-request');
        this.error(400, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${sub}'`);
        return;
      }
      return this.collection(setName, type, handler, false);
    }

    const keyValues = parseKeyPredicate(key, type);
    if (keyValues === null) {
      this.count('bad-request');
      this.error(400, '/IWBEP/CM_MGW_RT/004', `Invalid key predicate (${key})`);
      return;
    }
    if (method === 'DELETE') return this.methodNotAllowed(method, handler.allowOnEntity ?? 'GET');
    const entity = handler.find(keyValues);
    if (!entity) {
      this.count('not-found');
      return this.failure(handler.notFound(keyValues));
    }
    if (method === 'GET' || method === 'HEAD') {
      if (sub === undefined) return this.single(setName, type, entity);
      return this.navigation(type, entity, sub);
    }
    if (method === 'POST') return this.methodNotAllowed(method, handler.allowOnEntity ?? 'GET');
    // Updates: enforce the ETag protocol (PROTOCOL-NOTES §2.4) on ETag-protected types.
    const ifMatch = headerValue(this.req, 'if-match');
    if (entity.etag !== undefined) {
      if (!ifMatch) {
        this.count('precondition-required');
        this.error(428, '/IWBEP/CM_MGW_RT/007', 'Precondition required: send If-Match with the ETag');
        return;
      }
      if (ifMatch !== '*' && ifMatch !== entity.etag) {
        this.count('precondition-failed');
        this.error(412, '/IWBEP/CM_MGW_RT/008', 'Precondition failed: the entity was changed by someone else');
        return;
      }
    }
    const capabilities = this.service.model.edmx.entitySetCapabilities.get(setName);
    if (!handler.update || capabilities?.updatable === false) {
      if (capabilities?.updatable === false) return this.methodNotAllowed(method, 'GET');
      this.count('not-simulated');
      this.error(501, '/IWBEP/CM_MGW_RT/005', handler.updateRefusal ?? `Updating ${setName} is not simulated`);
      return;
    }
    const body = this.parseBody();
    if (!body) {
      this.count('bad-request');
      this.error(400, '/IWBEP/CM_MGW_RT/020', 'The request body is not a JSON object');
      return;
    }
    const problems = checkPayload(this.service.model.edmx, type, body, { mode: 'update', readOnly: new Set(type.key) });
    if (problems.length > 0) return this.contractViolation(problems);
    const outcome = handler.update(keyValues, body);
    if (!outcome.ok) return this.failure(outcome.failure);
    this.count(`update:${setName}`);
    reply.send(204, { dataserviceversion: '2.0', ...(outcome.value.etag ? { etag: outcome.value.etag } : {}), ...this.changeHeaders() }, '');
  }

  private contractViolation(problems: { path: string; message: string }[]): void {
    this.count('contract-violation');
    this.error(
      400,
      '/IWBEP/CM_MGW_RT/022',
      problems[0].message,
      problems.map((p) => ({ code: '/IWBEP/CM_MGW_RT/022', message: `${p.path}: ${p.message}`, target: p.path })),
    );
  }

  private create(setName: string, type: EdmxEntityType, handler: EntitySetHandler): void {
    const capabilities = this.service.model.edmx.entitySetCapabilities.get(setName);
    if (capabilities?.creatable === false) return this.methodNotAllowed('POST', 'GET');
    if (!handler.create) {
      this.count('not-simulated');
      this.error(501, '/IWBEP/CM_MGW_RT/005', handler.createRefusal ?? `Creating ${setName} is not simulated`);
      return;
    }
    const body = this.parseBody();
    if (!body) {
      this.count('bad-request');
      this.error(400, '/IWBEP/CM_MGW_RT/020', 'The request body is not a JSON object');
      return;
    }
    // Every name and value against the EDMX, deep-insert navigations included.
    const problems = checkPayload(this.service.model.edmx, type, body, { mode: 'create' });
    if (problems.length > 0) return this.contractViolation(problems);
    const outcome = handler.create(body);
    if (!outcome.ok) return this.failure(outcome.failure);
    this.count(`create:${setName}`);
    const rendered = this.render(setName, type, outcome.value, null, Object.keys(outcome.value.navigations ?? {}));
    const location = (rendered.__metadata as { uri: string }).uri;
    this.reply.json(201, { d: rendered }, { location, ...(outcome.value.etag ? { etag: outcome.value.etag } : {}), ...this.changeHeaders() });
  }

  private entitySetOf(type: EdmxEntityType): string {
    for (const [set, qualified] of this.service.model.edmx.entitySets) if (unqualified(qualified) === type.name) return set;
    return type.name.replace(/Type$/, '');
  }

  private navigationType(type: EdmxEntityType, nav: string): EdmxEntityType | undefined {
    const target = type.navigationProperties.find((n) => n.name === nav)?.toType;
    return target ? this.service.model.edmx.entityTypes.get(unqualified(target)) : undefined;
  }

  private render(setName: string, type: EdmxEntityType, entity: SimEntity, select: Set<string> | null, expand: string[]): JsonObject {
    const expanded = new Map<string, JsonObject[]>();
    for (const nav of expand) {
      const target = this.navigationType(type, nav);
      if (!target) continue;
      const related = entity.navigations?.[nav] ?? [];
      expanded.set(nav, related.map((r) => this.render(this.entitySetOf(target), target, r, null, [])));
    }
    return renderEntity(type, completeRecord(type, entity.values), {
      serviceRoot: this.serviceRoot,
      namespace: this.namespace,
      entitySet: setName,
      select,
      expanded,
      etag: entity.etag,
    });
  }

  private collection(setName: string, type: EdmxEntityType, handler: EntitySetHandler, countOnly: boolean): void {
    const params = this.url.searchParams;
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
    const byRecord = new Map<WireRecord, SimEntity>();
    const records = handler.list().map((entity) => {
      const record = completeRecord(type, entity.values);
      byRecord.set(record, entity);
      return record;
    });
    const matching = filter ? records.filter((r) => evaluateFilter(filter, r, properties)) : records;
    if (countOnly) {
      this.count('count');
      this.reply.text(200, String(matching.length));
      return;
    }
    this.count(setName === 'A_ProductionOrder_2' ? 'list' : `list:${setName}`);
    const sorted = orderBy.length ? sortRecords(matching, orderBy) : matching;
    const page = sorted.slice(skip, top === undefined ? undefined : skip + top);
    const results = page.map((record) => this.render(setName, type, byRecord.get(record) as SimEntity, select, expand));
    this.reply.json(200, { d: inlineCount === 'allpages' ? { __count: String(matching.length), results } : { results } });
  }

  private single(setName: string, type: EdmxEntityType, entity: SimEntity): void {
    this.count(setName === 'A_ProductionOrder_2' ? 'get' : `get:${setName}`);
    const select = parseSelect(this.url.searchParams.get('$select'), type);
    const expand = parseExpand(this.url.searchParams.get('$expand'), type);
    this.reply.json(200, { d: this.render(setName, type, entity, select, expand) }, entity.etag ? { etag: entity.etag } : {});
  }

  private navigation(type: EdmxEntityType, entity: SimEntity, nav: string): void {
    const target = this.navigationType(type, nav);
    if (!target) {
      this.count('bad-request');
      this.error(400, '/IWBEP/CM_MGW_RT/021', `Resource not found for segment '${nav}'`);
      return;
    }
    this.count('navigation');
    const related = entity.navigations?.[nav] ?? [];
    this.reply.json(200, { d: { results: related.map((r) => this.render(this.entitySetOf(target), target, r, null, [])) } });
  }
}

export async function handleODataRequest(req: IncomingMessage, url: URL, body: string, service: SimService, ctx: SimContext, reply: Reply): Promise<void> {
  await new ODataRequestHandler(req, url, body, service, ctx, reply).handle();
}
