// The SAP S/4HANA adapter of the ErpConnector port. OData V2 services
// (production orders, material documents, confirmations, BOMs, stock, quality
// notifications, journal read-back) each through its own client, so each
// service root keeps its own CSRF token and cookie jar, and the journal-entry
// SOAP service; all share one auth and one concurrency cap per system. Every
// answer is validated with zod and mapped to domain types here; nothing
// SAP-shaped leaves this folder.
import { z } from 'zod';
import {
  ErpError,
  type ErpBom,
  type ErpConnector,
  type ErpDocument,
  type ErpMessage,
  type ErpPostingResult,
  type ErpProductionOrder,
  type ErpReferencedDocumentType,
  type ErpStock,
  type OrderChangeResult,
  type ReleaseOrderResult,
} from '@/lib/erp/connector';
import {
  confirmationRequestSchema,
  goodsMovementRequestSchema,
  journalEntryRequestSchema,
  orderComponentChangeRequestSchema,
  orderDateChangeRequestSchema,
  qualityNotificationRequestSchema,
  type ConfirmationRequest,
  type GoodsMovementRequest,
  type JournalEntryRequest,
  type OrderComponentChangeRequest,
  type OrderDateChangeRequest,
  type QualityNotificationRequest,
} from '@/lib/erp/erp-requests.schema';
import { ErpAuth, type ErpAuthConfig } from '@/lib/erp/http/erp-auth';
import { Semaphore } from '@/lib/erp/http/semaphore';
import { assertReference, fixedDecimal, parseErpRequest, referenceGuid, todayUtc } from '@/lib/erp/request-guards';
import {
  CONF_ITEM_NAVIGATION,
  CONF_REFERENCE_PROPERTY,
  CONF_SERVICE_PATH,
  CONF_SET,
  sapConfirmationCollectionResponse,
  sapConfirmationEntityResponse,
  toConfirmationPayload,
  type SapConfirmation,
} from './confirmation';
import {
  DEFAULT_JOURNAL_CONFIG,
  DEFAULT_JOURNAL_READ_BACK,
  JOURNAL_SOAP_ACTION,
  JOURNAL_SOAP_PATH,
  buildJournalEntryEnvelope,
  parseJournalEntryResponse,
  type SapJournalConfig,
  type SapJournalReadBackConfig,
} from './journal-entry-soap';
import { sapDay, toMaterialDocumentPayload } from './map-goods-movement';
import { toErpMessage, toErpProductionOrder } from './map-production-order';
import {
  BOM_CATEGORY,
  BOM_ITEM_NAVIGATION,
  BOM_SELECT,
  BOM_SERVICE_PATH,
  BOM_SET,
  STOCK_SELECT,
  STOCK_SERVICE_PATH,
  STOCK_SET,
  sapBomCollectionResponse,
  sapStockCollectionResponse,
  toErpBom,
  toErpStock,
} from './master-data';
import {
  CANCEL_FUNCTION,
  MATDOC_HEADER_SET,
  MATDOC_ITEM_NAVIGATION,
  MATDOC_ITEM_SET,
  MATDOC_REFERENCE_PROPERTY,
  MATDOC_SERVICE_PATH,
  sapMaterialDocumentCollectionResponse,
  sapMaterialDocumentEntityResponse,
  sapMaterialDocumentItemCollectionResponse,
  type SapMaterialDocumentHeader,
} from './material-document-schema';
import { DEFAULT_MAX_CONCURRENT, DEFAULT_TIMEOUT_MS, ODataClient, type ODataResponse } from './odata-client';
import { hintFor } from './sap-message-hints';
import { combineDateAndTime, formatEdmTime, odataString } from './odata-values';
import { COMPONENT_UPDATE_NAVIGATION, ORDER_DATES_SENT, componentKey, sapOrderWithUpdatableComponentsResponse } from './order-change';
import {
  ORDER_BY_PROPERTY,
  ORDER_ENTITY_SET,
  ORDER_EXPAND,
  ORDER_SCOPE_SELECT,
  ORDER_SELECT,
  RELEASE_FUNCTION,
  RELEASE_PARAMETER,
  SERVICE_PATH,
  sapOrderCollectionResponseSchema,
  sapOrderEntityResponseSchema,
  sapOrderScopeResponseSchema,
  sapReleaseResponseSchema,
} from './production-order-schema';
import {
  DEFAULT_QUALITY_NOTIFICATION_CONFIG,
  qualityNotificationCollectionSchema,
  qualityNotificationResponseSchema,
  toQualityNotificationPayload,
  type SapQualityNotificationConfig,
} from './quality-notification';
import { SoapClient } from './soap-client';
import { XmlParseError } from './xml';

export interface SapConnectorOptions {
  /** Origin of the SAP system (plus a path prefix if a proxy adds one), e.g. https://my-s4.example.com. */
  baseUrl: string;
  /** Basic auth (the communication user); ignored when `auth` is given. */
  user?: string;
  password?: string;
  /** Basic, or OAuth2 client credentials; one token for all services of the system. */
  auth?: ErpAuthConfig;
  client: string;
  timeoutMs?: number;
  /** Most HTTP calls in flight to this system at once, across all its services (default 4). */
  maxConcurrent?: number;
  /** $top for paged reads (default 100). */
  pageSize?: number;
  /** Company code for journal entries that name none; default: the site (plant) id. */
  companyCode?: string;
  journal?: Partial<SapJournalConfig>;
  journalReadBack?: Partial<SapJournalReadBackConfig>;
  qualityNotification?: SapQualityNotificationConfig;
  /**
   * How long a new document may answer 404 when read right after its create
   * (SAP's update task is asynchronous, PROTOCOL-NOTES §2.7). Default 10 s.
   */
  readBackSettleMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_READ_BACK_SETTLE_MS = 10_000;
// A guard against a server that keeps answering full pages forever.
const MAX_PAGES = 1000;
// Materials per $filter: keeps URLs well under Gateway's length limits.
const FILTER_CHUNK = 20;

function parseOrThrow<T extends z.ZodType>(schema: T, response: ODataResponse, what: string, options: { committed?: boolean } = {}): z.infer<T> {
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown';
    throw new ErpError('PROTOCOL', `SAP answer for ${what} does not match the contract (${where})`, {
      status: response.status,
      cause: parsed.error,
      // A create that answered 2xx is posted even when we cannot read the answer: read back by reference.
      mayHaveCommitted: options.committed ?? false,
    });
  }
  return parsed.data;
}

function orderPath(erpOrderId: string): string {
  return `${ORDER_ENTITY_SET}(${odataString(erpOrderId)})`;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function materialDocumentPath(year: string, number: string): string {
  return `${MATDOC_HEADER_SET}(MaterialDocumentYear=${odataString(year)},MaterialDocument=${odataString(number)})`;
}

function confirmationPath(group: string, count: string): string {
  return `${CONF_SET}(ConfirmationGroup=${odataString(group)},ConfirmationCount=${odataString(count)})`;
}

function businessError(text: string, messages: ErpMessage[], status?: number): ErpError {
  const hint = hintFor(messages);
  return new ErpError('BUSINESS', hint ? `${text} (${hint})` : text, { status, messages });
}

export class SapConnector implements ErpConnector {
  readonly system = 'SAP' as const;
  private readonly orders: ODataClient;
  private readonly materialDocuments: ODataClient;
  private readonly confirmations: ODataClient;
  private readonly boms: ODataClient;
  private readonly stock: ODataClient;
  private readonly qualityNotifications: ODataClient;
  private readonly journalItems: ODataClient;
  private readonly journal: SoapClient;
  private readonly pageSize: number;
  private readonly companyCode: string | undefined;
  private readonly journalConfig: SapJournalConfig;
  private readonly journalReadBack: SapJournalReadBackConfig;
  private readonly qnConfig: SapQualityNotificationConfig;
  private readonly readBackSettleMs: number;
  private readonly now: () => Date;

  constructor(options: SapConnectorOptions) {
    if (!URL.canParse(options.baseUrl)) throw new TypeError('SAP baseUrl must be an absolute URL');
    const base = options.baseUrl.replace(/\/+$/, '');
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const fetchImpl = options.fetch ?? fetch;
    // One limiter and one auth per system: every service of the system shares them.
    const limiter = new Semaphore(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);
    const auth = new ErpAuth(options.auth ?? { kind: 'basic', user: options.user ?? '', password: options.password ?? '' }, { limiter, timeoutMs, fetch: fetchImpl });
    const client = (path: string) => new ODataClient({ serviceRoot: `${base}${path}`, auth, client: options.client, timeoutMs, limiter, fetch: fetchImpl });
    this.qnConfig = options.qualityNotification ?? DEFAULT_QUALITY_NOTIFICATION_CONFIG;
    this.journalReadBack = { ...DEFAULT_JOURNAL_READ_BACK, ...options.journalReadBack };
    this.journalConfig = { ...DEFAULT_JOURNAL_CONFIG, createdByUser: (options.user ?? DEFAULT_JOURNAL_CONFIG.createdByUser).toUpperCase(), ...options.journal };
    this.orders = client(SERVICE_PATH);
    this.materialDocuments = client(MATDOC_SERVICE_PATH);
    this.confirmations = client(CONF_SERVICE_PATH);
    this.boms = client(BOM_SERVICE_PATH);
    this.stock = client(STOCK_SERVICE_PATH);
    this.qualityNotifications = client(this.qnConfig.servicePath);
    this.journalItems = client(this.journalReadBack.servicePath);
    this.journal = new SoapClient({ endpoint: `${base}${JOURNAL_SOAP_PATH}`, client: options.client, auth, limiter, timeoutMs, fetch: fetchImpl });
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.companyCode = options.companyCode;
    this.readBackSettleMs = options.readBackSettleMs ?? DEFAULT_READ_BACK_SETTLE_MS;
    this.now = options.now ?? (() => new Date());
  }

  // ───────────────────────── Production orders ─────────────────────────

  async findUnreleasedOrders(siteId: string): Promise<ErpProductionOrder[]> {
    const filter = `ProductionPlant eq ${odataString(siteId)} and OrderIsReleased eq '' and OrderIsMarkedForDeletion eq ''`;
    const found = new Map<string, ErpProductionOrder>();
    const rows = await this.readAllPages(this.orders, ORDER_ENTITY_SET, { $filter: filter, $select: ORDER_SELECT, $expand: ORDER_EXPAND, $orderby: ORDER_BY_PROPERTY }, sapOrderCollectionResponseSchema, 'unreleased orders');
    for (const entity of rows) {
      // Defence in depth: a server that ignored $filter must not leak other plants or released orders.
      if (entity.ProductionPlant !== siteId || entity.OrderIsReleased === 'X') continue;
      found.set(entity.ManufacturingOrder, toErpProductionOrder(entity));
    }
    return [...found.values()];
  }

  async getOrder(siteId: string, erpOrderId: string): Promise<ErpProductionOrder | null> {
    let response: ODataResponse;
    try {
      response = await this.orders.get({ path: orderPath(erpOrderId), query: { $select: ORDER_SELECT, $expand: ORDER_EXPAND } });
    } catch (error) {
      if (error instanceof ErpError && error.kind === 'NOT_FOUND') return null;
      throw error;
    }
    const { d } = parseOrThrow(sapOrderEntityResponseSchema, response, `order ${erpOrderId}`);
    // An order of another plant is not visible from this site.
    if (d.ProductionPlant !== siteId) return null;
    return toErpProductionOrder(d, response.etag);
  }

  async releaseOrder(siteId: string, erpOrderId: string): Promise<ReleaseOrderResult> {
    // ReleaseOrder takes only the order number: check the plant first so a
    // site can never release another site's order.
    await this.assertOrderInSite(siteId, erpOrderId);

    const response = await this.orders.change('POST', { path: RELEASE_FUNCTION, query: { [RELEASE_PARAMETER]: odataString(erpOrderId) } });
    const { d } = parseOrThrow(sapReleaseResponseSchema, response, `${RELEASE_FUNCTION} ${erpOrderId}`);
    const functionMessage = RELEASE_FUNCTION in d ? d[RELEASE_FUNCTION] : d;
    const type = functionMessage.SystemMessageType.toUpperCase();
    const messages: ErpMessage[] = [...(type ? [toErpMessage(functionMessage)] : []), ...response.messages];

    if (type === 'E' || type === 'A' || type === 'X') {
      // SAP can refuse inside a 200: the message type decides, not the status.
      throw new ErpError('BUSINESS', messages[0]?.text ?? `SAP refused to release order ${erpOrderId}`, { status: response.status, messages });
    }
    if (type === 'S' || type === 'W' || type === 'I') {
      // S: released now. W/I: released with a remark, or released already.
      return { released: true, messages, raw: response.body };
    }
    // No message type says nothing either way: ask the order itself.
    const order = await this.getOrder(siteId, erpOrderId);
    return { released: order?.isReleased ?? false, messages, raw: response.body };
  }

  private async assertOrderInSite(siteId: string, erpOrderId: string): Promise<void> {
    const response = await this.orders.get({ path: orderPath(erpOrderId), query: { $select: ORDER_SCOPE_SELECT } });
    const { d } = parseOrThrow(sapOrderScopeResponseSchema, response, `order ${erpOrderId}`);
    if (d.ProductionPlant !== siteId) {
      throw new ErpError('NOT_FOUND', `Order ${erpOrderId} does not exist in plant ${siteId}`, { status: 404 });
    }
  }

  async changeOrderComponents(siteId: string, input: OrderComponentChangeRequest, reference: string): Promise<OrderChangeResult> {
    const request = parseErpRequest(orderComponentChangeRequestSchema, input, 'component change');
    assertReference(reference);
    const read = async () => {
      const response = await this.orders.get({
        path: orderPath(request.order),
        query: { $select: ['ManufacturingOrder', 'ProductionPlant', 'LastChangeDateTime', COMPONENT_UPDATE_NAVIGATION].join(','), $expand: COMPONENT_UPDATE_NAVIGATION },
      });
      const { d } = parseOrThrow(sapOrderWithUpdatableComponentsResponse, response, `order ${request.order}`);
      if (d.ProductionPlant !== siteId) throw new ErpError('NOT_FOUND', `Order ${request.order} does not exist in plant ${siteId}`, { status: 404 });
      return { order: d, etag: response.etag ?? d.__metadata.etag ?? null };
    };
    const { order, etag } = await read();
    const live = order.to_ProductionOrderComponentExt4.results.filter((c) => c.MatlCompIsMarkedForDeletion !== true);
    const pending: { substitution: (typeof request.substitutions)[number]; component: (typeof live)[number] }[] = [];
    const alreadyDone: string[] = [];
    for (const substitution of request.substitutions) {
      const component = live.find((c) => c.Material === substitution.fromMaterial);
      if (component) {
        pending.push({ substitution, component });
      } else if (live.some((c) => c.Material === substitution.toMaterial)) {
        alreadyDone.push(substitution.fromMaterial);
      } else {
        throw new ErpError('BUSINESS', `Order ${request.order} has no component ${substitution.fromMaterial} to substitute`, {
          messages: [{ severity: 'error', code: 'INTERLOCK/NO_COMPONENT', text: `component ${substitution.fromMaterial} is not on order ${request.order}` }],
        });
      }
    }
    const document: ErpDocument = { type: 'PRODUCTION_ORDER', number: request.order };
    if (pending.length === 0) {
      return { document, etag, changed: false, messages: [{ severity: 'info', code: 'INTERLOCK/ALREADY_DONE', text: `Order ${request.order} already holds the substituted components` }], raw: null };
    }
    // The ETag guards against someone else's change. Once part of this very
    // change is in place (an earlier attempt got half-way), the order's new
    // ETag is ours, so the check would only block the rest of it.
    if (alreadyDone.length === 0 && request.etag && etag && request.etag !== etag) {
      throw new ErpError('CONFLICT', `Order ${request.order} was changed in SAP after it was read; read it again before substituting`, { status: 412 });
    }
    const raws: unknown[] = [];
    const messages: ErpMessage[] = [];
    for (const { substitution, component } of pending) {
      const body: Record<string, string> = { Material: substitution.toMaterial };
      if (substitution.quantity !== undefined) body.RequiredQuantity = fixedDecimal(substitution.quantity, 3, 'Quantity');
      if (substitution.storageLocation) body.StorageLocation = substitution.storageLocation;
      const response = await this.orders.change('PATCH', { path: componentKey(component) }, { body, ifMatch: component.__metadata.etag ?? `W/"'${component.LastChangeDateTime}'"` });
      raws.push(response.body);
      messages.push(...response.messages);
    }
    const after = await read();
    return { document, etag: after.etag, changed: true, messages, raw: raws };
  }

  async changeOrderDates(siteId: string, input: OrderDateChangeRequest, reference: string): Promise<OrderChangeResult> {
    const request = parseErpRequest(orderDateChangeRequestSchema, input, 'date change');
    assertReference(reference);
    const select = ['ManufacturingOrder', 'ProductionPlant', 'LastChangeDateTime', ...Object.keys(ORDER_DATES_SENT)].join(',');
    const datesSchema = z.object({
      d: z.object({
        __metadata: z.object({ etag: z.string().optional() }),
        ManufacturingOrder: z.string(),
        ProductionPlant: z.string(),
        MfgOrderPlannedStartDate: z.string().nullable(),
        MfgOrderPlannedStartTime: z.string().nullable(),
        MfgOrderPlannedEndDate: z.string().nullable(),
        MfgOrderPlannedEndTime: z.string().nullable(),
      }),
    });
    const read = async () => {
      const response = await this.orders.get({ path: orderPath(request.order), query: { $select: select } });
      const { d } = parseOrThrow(datesSchema, response, `order ${request.order}`);
      if (d.ProductionPlant !== siteId) throw new ErpError('NOT_FOUND', `Order ${request.order} does not exist in plant ${siteId}`, { status: 404 });
      return { d, etag: response.etag ?? d.__metadata.etag ?? null };
    };
    const { d, etag } = await read();
    // SAP keeps whole seconds.
    const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000) * 1000;
    const start = combineDateAndTime(d.MfgOrderPlannedStartDate, d.MfgOrderPlannedStartTime);
    const end = combineDateAndTime(d.MfgOrderPlannedEndDate, d.MfgOrderPlannedEndTime);
    const startOk = !request.plannedStart || start?.getTime() === seconds(request.plannedStart);
    const endOk = !request.plannedEnd || end?.getTime() === seconds(request.plannedEnd);
    const document: ErpDocument = { type: 'PRODUCTION_ORDER', number: request.order };
    if (startOk && endOk) {
      return { document, etag, changed: false, messages: [{ severity: 'info', code: 'INTERLOCK/ALREADY_DONE', text: `Order ${request.order} already has the requested dates` }], raw: null };
    }
    if (request.etag && etag && request.etag !== etag) {
      throw new ErpError('CONFLICT', `Order ${request.order} was changed in SAP after it was read; read it again before moving its dates`, { status: 412 });
    }
    const body: Record<string, string> = {};
    const put = (iso: string, dateField: string, timeField: string) => {
      const at = new Date(seconds(iso));
      body[dateField] = sapDay(at.toISOString().slice(0, 10));
      body[timeField] = formatEdmTime(((at.getUTCHours() * 60 + at.getUTCMinutes()) * 60 + at.getUTCSeconds()) * 1000);
    };
    if (request.plannedStart) put(request.plannedStart, 'MfgOrderPlannedStartDate', 'MfgOrderPlannedStartTime');
    if (request.plannedEnd) put(request.plannedEnd, 'MfgOrderPlannedEndDate', 'MfgOrderPlannedEndTime');
    const response = await this.orders.change('PATCH', { path: orderPath(request.order) }, { body, ifMatch: etag ?? '*' });
    const after = await read();
    return { document, etag: after.etag, changed: true, messages: response.messages, raw: response.body };
  }

  // ───────────────────────── Master data ─────────────────────────

  async findBoms(siteId: string, materials?: string[]): Promise<ErpBom[]> {
    const base = `Plant eq ${odataString(siteId)} and BillOfMaterialCategory eq ${odataString(BOM_CATEGORY)}`;
    const filters = materials === undefined ? [base] : chunks([...new Set(materials)], FILTER_CHUNK).map((group) => `${base} and (${group.map((m) => `Material eq ${odataString(m)}`).join(' or ')})`);
    const boms: ErpBom[] = [];
    for (const filter of filters) {
      const rows = await this.readAllPages(
        this.boms,
        BOM_SET,
        { $filter: filter, $select: BOM_SELECT.join(','), $expand: BOM_ITEM_NAVIGATION, $orderby: 'Material,BillOfMaterialVariant' },
        sapBomCollectionResponse,
        `BOMs of plant ${siteId}`,
      );
      for (const row of rows) {
        if (row.Plant !== siteId || row.IsMarkedForDeletion === true) continue;
        boms.push(toErpBom(row));
      }
    }
    return boms;
  }

  async findStock(siteId: string, materials?: string[]): Promise<ErpStock[]> {
    const base = `Plant eq ${odataString(siteId)}`;
    const filters = materials === undefined ? [base] : chunks([...new Set(materials)], FILTER_CHUNK).map((group) => `${base} and (${group.map((m) => `Material eq ${odataString(m)}`).join(' or ')})`);
    const stock: ErpStock[] = [];
    for (const filter of filters) {
      const rows = await this.readAllPages(
        this.stock,
        STOCK_SET,
        { $filter: filter, $select: STOCK_SELECT.join(','), $orderby: 'Material,StorageLocation,Batch,InventoryStockType' },
        sapStockCollectionResponse,
        `stock of plant ${siteId}`,
      );
      // Own stock only: consignment, sales-order and project stock belong to someone else's plan.
      for (const row of rows) if (row.Plant === siteId && row.InventorySpecialStockType === '') stock.push(toErpStock(row));
    }
    return stock;
  }

  // ───────────────────────── Postings ─────────────────────────

  async postGoodsMovement(siteId: string, input: GoodsMovementRequest, reference: string): Promise<ErpPostingResult> {
    const request = parseErpRequest(goodsMovementRequestSchema, input, 'goods movement');
    assertReference(reference);
    const payload = toMaterialDocumentPayload(siteId, request, reference, this.now());
    const response = await this.materialDocuments.change('POST', { path: MATDOC_HEADER_SET }, { body: payload });
    const created = parseOrThrow(z.object({ d: z.object({ MaterialDocumentYear: z.string().regex(/^\d{4}$/), MaterialDocument: z.string().min(1) }) }), response, 'the new material document', {
      committed: true,
    });
    const { MaterialDocumentYear: year, MaterialDocument: number } = created.d;
    // The create answer has been seen with no items even on success: read the document itself.
    const readBack = await this.readMaterialDocumentSettled(year, number);
    const messages = [...response.messages];
    if (!readBack) messages.push({ severity: 'warning', code: 'INTERLOCK/READ_BACK_PENDING', text: `Material document ${number}/${year} was posted but is not readable yet` });
    return { document: { type: 'MATERIAL_DOCUMENT', number, year }, messages, raw: { created: response.body, readBack } };
  }

  async cancelDocument(siteId: string, document: ErpDocument, reference: string): Promise<ErpPostingResult> {
    assertReference(reference);
    if (document.type !== 'MATERIAL_DOCUMENT' || !document.year) {
      throw new ErpError('BUSINESS', `Only material documents with their year can be reversed in SAP; got ${document.type} ${document.number}`, {
        messages: [{ severity: 'error', code: 'INTERLOCK/NOT_REVERSIBLE', text: 'not a material document' }],
      });
    }
    const { number, year } = document;
    // Safe to repeat: a document that already has a reversal returns it.
    const existing = await this.findReversal(number, year);
    if (existing) {
      return {
        document: existing,
        messages: [{ severity: 'info', code: 'INTERLOCK/ALREADY_REVERSED', text: `Material document ${number}/${year} is already reversed by ${existing.number}/${existing.year}` }],
        raw: null,
      };
    }
    const original = await this.readMaterialDocument(year, number);
    if (!original || !this.documentInSite(original, siteId)) {
      throw new ErpError('NOT_FOUND', `Material document ${number}/${year} does not exist in plant ${siteId}`, { status: 404 });
    }
    const response = await this.materialDocuments.change('POST', {
      path: CANCEL_FUNCTION,
      query: { MaterialDocumentYear: odataString(year), MaterialDocument: odataString(number), PostingDate: `datetime'${todayUtc(this.now())}T00:00:00'` },
    });
    // The function returns the reversal document's header; some releases wrap it in the function's name.
    const reversal = parseOrThrow(
      z.object({ d: z.union([z.object({ [CANCEL_FUNCTION]: z.object({ MaterialDocumentYear: z.string(), MaterialDocument: z.string() }) }), z.object({ MaterialDocumentYear: z.string(), MaterialDocument: z.string() })]) }),
      response,
      `${CANCEL_FUNCTION} ${number}/${year}`,
      { committed: true },
    );
    const header = CANCEL_FUNCTION in reversal.d ? (reversal.d as Record<string, { MaterialDocumentYear: string; MaterialDocument: string }>)[CANCEL_FUNCTION] : (reversal.d as { MaterialDocumentYear: string; MaterialDocument: string });
    return { document: { type: 'MATERIAL_DOCUMENT', number: header.MaterialDocument, year: header.MaterialDocumentYear }, messages: response.messages, raw: response.body };
  }

  async postConfirmation(siteId: string, input: ConfirmationRequest, reference: string): Promise<ErpPostingResult> {
    const request = parseErpRequest(confirmationRequestSchema, input, 'confirmation');
    assertReference(reference);
    const payload = toConfirmationPayload(siteId, request, reference, this.now());
    const response = await this.confirmations.change('POST', { path: CONF_SET }, { body: payload });
    const created = parseOrThrow(z.object({ d: z.object({ ConfirmationGroup: z.string().min(1), ConfirmationCount: z.string().min(1) }) }), response, 'the new confirmation', { committed: true });
    const { ConfirmationGroup: group, ConfirmationCount: count } = created.d;
    const readBack = await this.settled(async () => {
      const read = await this.confirmations.get({ path: confirmationPath(group, count), query: { $expand: CONF_ITEM_NAVIGATION } });
      return parseOrThrow(sapConfirmationEntityResponse, read, `confirmation ${group}/${count}`).d;
    });
    const messages = [...response.messages];
    if (!readBack) messages.push({ severity: 'warning', code: 'INTERLOCK/READ_BACK_PENDING', text: `Confirmation ${group}/${count} was posted but is not readable yet` });
    return { document: { type: 'CONFIRMATION', number: `${group}/${count}` }, messages, raw: { created: response.body, readBack } };
  }

  async createQualityNotification(siteId: string, input: QualityNotificationRequest, reference: string): Promise<ErpPostingResult> {
    const request = parseErpRequest(qualityNotificationRequestSchema, input, 'quality notification');
    assertReference(reference);
    const payload = toQualityNotificationPayload(siteId, request, reference, this.qnConfig);
    const response = await this.qualityNotifications.change('POST', { path: this.qnConfig.entitySet }, { body: payload });
    const { d } = parseOrThrow(qualityNotificationResponseSchema(this.qnConfig), response, 'the new quality notification', { committed: true });
    const number = String(d[this.qnConfig.numberField]);
    return { document: { type: 'QUALITY_NOTIFICATION', number }, messages: response.messages, raw: response.body };
  }

  async postJournalEntry(siteId: string, input: JournalEntryRequest, reference: string): Promise<ErpPostingResult> {
    const request = parseErpRequest(journalEntryRequestSchema, input, 'journal entry');
    assertReference(reference);
    const tooLong = request.lines.filter((l) => l.glAccount.length > 10);
    if (tooLong.length > 0) {
      throw new ErpError('BUSINESS', `SAP G/L accounts have at most 10 characters: ${tooLong.map((l) => l.glAccount).join(', ')}; nothing was sent`, {
        messages: [{ severity: 'error', code: 'INTERLOCK/INVALID_REQUEST', text: 'G/L account longer than 10 characters' }],
      });
    }
    const companyCode = request.companyCode ?? this.companyCode ?? siteId;
    const envelope = buildJournalEntryEnvelope(request, reference, companyCode, this.journalConfig, this.now());
    const raw = await this.journal.call(JOURNAL_SOAP_ACTION, envelope, 'JournalEntryCreateRequestConfirmation_In');
    let outcome: ReturnType<typeof parseJournalEntryResponse>;
    try {
      outcome = parseJournalEntryResponse(raw.text);
    } catch (error) {
      if (!(error instanceof XmlParseError)) throw error;
      outcome = null;
    }
    if (!outcome) {
      // A 200 we cannot read may still have posted the entry.
      throw new ErpError('PROTOCOL', `SAP SOAP journal entry: the answer (HTTP ${raw.status}) is not a JournalEntryBulkCreateConfirmation`, { status: raw.status, mayHaveCommitted: raw.status === 200 });
    }
    if (outcome.kind === 'fault') {
      // Client faults are ours (a malformed request); server faults roll back and may pass.
      const mine = /client|sender/i.test(outcome.code);
      throw new ErpError(mine ? 'PROTOCOL' : 'TRANSIENT', `SAP SOAP journal entry fault ${outcome.code}: ${outcome.text}`, {
        status: raw.status,
        messages: [{ severity: 'error', code: outcome.code, text: outcome.text }],
      });
    }
    if (outcome.kind === 'rejected') {
      const first = outcome.messages.find((m) => m.severity === 'error');
      throw businessError(first?.text || 'SAP did not post the journal entry', outcome.messages, raw.status);
    }
    return {
      document: { type: 'JOURNAL_ENTRY', number: outcome.document, year: outcome.fiscalYear, scope: outcome.companyCode || companyCode },
      messages: outcome.messages,
      raw: raw.text,
    };
  }

  // ───────────────────────── Read-back ─────────────────────────

  async findDocumentByReference(siteId: string, reference: string, type?: ErpReferencedDocumentType): Promise<ErpPostingResult | null> {
    assertReference(reference);
    const searches: Record<ErpReferencedDocumentType, () => Promise<ErpPostingResult | null>> = {
      MATERIAL_DOCUMENT: () => this.findMaterialDocumentByReference(siteId, reference),
      CONFIRMATION: () => this.findConfirmationByReference(reference),
      JOURNAL_ENTRY: () => this.findJournalEntryByReference(siteId, reference),
      QUALITY_NOTIFICATION: () => this.findQualityNotificationByReference(siteId, reference),
    };
    const order: ErpReferencedDocumentType[] = type ? [type] : ['MATERIAL_DOCUMENT', 'CONFIRMATION', 'QUALITY_NOTIFICATION', 'JOURNAL_ENTRY'];
    for (const kind of order) {
      const found = await searches[kind]();
      if (found) return found;
    }
    return null;
  }

  private async findMaterialDocumentByReference(siteId: string, reference: string): Promise<ErpPostingResult | null> {
    const response = await this.materialDocuments.get({
      path: MATDOC_HEADER_SET,
      query: { $filter: `${MATDOC_REFERENCE_PROPERTY} eq ${odataString(reference)}`, $expand: MATDOC_ITEM_NAVIGATION },
    });
    const { d } = parseOrThrow(sapMaterialDocumentCollectionResponse, response, `material documents with reference ${reference}`);
    // The header text is only unique by our convention; the plant check keeps other plants' documents out.
    const mine = d.results.filter((doc) => doc.MaterialDocumentHeaderText === reference && this.documentInSite(doc, siteId));
    return this.foundResult(
      mine.map((doc) => ({ document: { type: 'MATERIAL_DOCUMENT' as const, number: doc.MaterialDocument, year: doc.MaterialDocumentYear }, raw: doc })),
      reference,
    );
  }

  private async findConfirmationByReference(reference: string): Promise<ErpPostingResult | null> {
    const response = await this.confirmations.get({
      path: CONF_SET,
      query: { $filter: `${CONF_REFERENCE_PROPERTY} eq guid'${referenceGuid(reference)}'`, $expand: CONF_ITEM_NAVIGATION },
    });
    const { d } = parseOrThrow(sapConfirmationCollectionResponse, response, `confirmations with reference ${reference}`);
    // A cancelled confirmation no longer stands for the action.
    const standing = d.results.filter((c: SapConfirmation) => c.IsReversed !== true);
    return this.foundResult(
      standing.map((c) => ({ document: { type: 'CONFIRMATION' as const, number: `${c.ConfirmationGroup}/${c.ConfirmationCount}` }, raw: c })),
      reference,
    );
  }

  private async findJournalEntryByReference(siteId: string, reference: string): Promise<ErpPostingResult | null> {
    const rb = this.journalReadBack;
    const companyCode = this.companyCode ?? siteId;
    const response = await this.journalItems.get({
      path: rb.entitySet,
      query: {
        $filter: `${rb.headerTextField} eq ${odataString(reference)} and ${rb.companyCodeField} eq ${odataString(companyCode)}`,
        $select: [rb.documentField, rb.yearField, rb.companyCodeField, rb.headerTextField].join(','),
      },
    });
    const row = z.object({ [rb.documentField]: z.string(), [rb.yearField]: z.string(), [rb.companyCodeField]: z.string() }).loose();
    const { d } = parseOrThrow(z.object({ d: z.object({ results: z.array(row) }) }), response, `journal entries with reference ${reference}`);
    // Items of one entry share its number: one document per (company code, year, number).
    const documents = new Map<string, ErpDocument>();
    for (const item of d.results) {
      const doc: ErpDocument = { type: 'JOURNAL_ENTRY', number: String(item[rb.documentField]), year: String(item[rb.yearField]), scope: String(item[rb.companyCodeField]) };
      documents.set(`${doc.scope}/${doc.year}/${doc.number}`, doc);
    }
    return this.foundResult([...documents.values()].map((document) => ({ document, raw: null })), reference, d.results);
  }

  private async findQualityNotificationByReference(siteId: string, reference: string): Promise<ErpPostingResult | null> {
    const config = this.qnConfig;
    const response = await this.qualityNotifications.get({
      path: config.entitySet,
      query: { $filter: `${config.referenceField} eq ${odataString(reference)} and ${config.fields.plant} eq ${odataString(siteId)}` },
    });
    const { d } = parseOrThrow(qualityNotificationCollectionSchema(config), response, `quality notifications with reference ${reference}`);
    return this.foundResult(
      d.results.map((row) => ({ document: { type: 'QUALITY_NOTIFICATION' as const, number: String(row[config.numberField]) }, raw: row })),
      reference,
    );
  }

  /** The first document found; more than one is reported, since it means the reference was posted twice. */
  private foundResult(found: { document: ErpDocument; raw: unknown }[], reference: string, raw?: unknown): ErpPostingResult | null {
    if (found.length === 0) return null;
    const messages: ErpMessage[] = [{ severity: 'info', code: 'INTERLOCK/READ_BACK', text: `Found ${found[0].document.number} in SAP by reference ${reference}` }];
    if (found.length > 1) {
      messages.push({
        severity: 'warning',
        code: 'INTERLOCK/DUPLICATE_REFERENCE',
        text: `SAP holds ${found.length} documents with reference ${reference}: ${found.map((f) => f.document.number).join(', ')}`,
      });
    }
    return { document: found[0].document, messages, raw: raw ?? found.map((f) => f.raw) };
  }

  // ───────────────────────── Helpers ─────────────────────────

  private documentInSite(doc: SapMaterialDocumentHeader, siteId: string): boolean {
    const items = doc.to_MaterialDocumentItem && 'results' in doc.to_MaterialDocumentItem ? doc.to_MaterialDocumentItem.results : [];
    return items.length === 0 || items.some((item) => item.Plant === siteId);
  }

  private async readMaterialDocument(year: string, number: string): Promise<SapMaterialDocumentHeader | null> {
    try {
      const response = await this.materialDocuments.get({ path: materialDocumentPath(year, number), query: { $expand: MATDOC_ITEM_NAVIGATION } });
      return parseOrThrow(sapMaterialDocumentEntityResponse, response, `material document ${number}/${year}`).d;
    } catch (error) {
      if (error instanceof ErpError && error.kind === 'NOT_FOUND') return null;
      throw error;
    }
  }

  private readMaterialDocumentSettled(year: string, number: string): Promise<SapMaterialDocumentHeader | null> {
    return this.settled(async () => {
      const response = await this.materialDocuments.get({ path: materialDocumentPath(year, number), query: { $expand: MATDOC_ITEM_NAVIGATION } });
      return parseOrThrow(sapMaterialDocumentEntityResponse, response, `material document ${number}/${year}`).d;
    });
  }

  /**
   * Reads a document that was just created, tolerating the 404 SAP answers
   * while its update task runs. Null when it stays unreadable for
   * readBackSettleMs; other failures of the read are not the post's failure
   * either, so they end the wait the same way.
   */
  private async settled<T>(read: () => Promise<T>): Promise<T | null> {
    const deadline = Date.now() + this.readBackSettleMs;
    let delay = 200;
    for (;;) {
      try {
        return await read();
      } catch (error) {
        if (!(error instanceof ErpError) || error.kind !== 'NOT_FOUND') return null;
      }
      if (Date.now() + delay > deadline) return null;
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }

  private async findReversal(number: string, year: string): Promise<ErpDocument | null> {
    const response = await this.materialDocuments.get({
      path: MATDOC_ITEM_SET,
      query: { $filter: `ReversedMaterialDocument eq ${odataString(number)} and ReversedMaterialDocumentYear eq ${odataString(year)}`, $top: '1' },
    });
    const { d } = parseOrThrow(sapMaterialDocumentItemCollectionResponse, response, `reversals of ${number}/${year}`);
    const item = d.results[0];
    return item ? { type: 'MATERIAL_DOCUMENT', number: item.MaterialDocument, year: item.MaterialDocumentYear } : null;
  }

  private async readAllPages<T extends z.ZodType<{ d: { results: unknown[]; __count?: string } }>>(
    client: ODataClient,
    path: string,
    query: Record<string, string>,
    schema: T,
    what: string,
  ): Promise<z.infer<T>['d']['results']> {
    const all: unknown[] = [];
    let skip = 0;
    for (let page = 0; ; page += 1) {
      if (page >= MAX_PAGES) throw new ErpError('PROTOCOL', `SAP kept returning pages after ${MAX_PAGES} pages of ${what}`);
      // A stable $orderby keeps $skip paging from repeating or missing rows.
      const response = await client.get({ path, query: { ...query, $top: String(this.pageSize), $skip: String(skip), $inlinecount: 'allpages' } });
      const { d } = parseOrThrow(schema, response, what);
      all.push(...d.results);
      skip += d.results.length;
      const total = d.__count === undefined ? undefined : Number(d.__count);
      // A server may cap the page below $top; the inline count says whether more remain.
      const done = d.results.length === 0 || (total !== undefined ? skip >= total : d.results.length < this.pageSize);
      if (done) break;
    }
    return all as z.infer<T>['d']['results'];
  }
}

export function createSapConnector(options: SapConnectorOptions): ErpConnector {
  return new SapConnector(options);
}

