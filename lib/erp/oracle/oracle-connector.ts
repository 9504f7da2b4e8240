// The Oracle Fusion Cloud adapter of the ErpConnector port (REST,
// PROTOCOL-NOTES §3): work orders (read, release by status change with
// If-Match), work-order material transactions and operation transactions
// (line-level errors inside a 201), inventory staged transactions (scrap,
// miscellaneous issue and receipt), journals through FBDI (a zipped
// GlInterface.csv uploaded with erpintegrations importBulkData, then the ESS
// job polled), item structures and on-hand balances for master data. Every
// name beyond the notes is configuration (oracle-config.ts, [verify]).
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
import { assertReference, parseErpRequest, todayUtc } from '@/lib/erp/request-guards';
import { buildGlInterfaceCsv, groupIdFor } from './gl-interface-csv';
import { OracleClient, oracleString, type OracleResponse } from './oracle-client';
import { oracleConfig, type DeepPartial, type OracleResourceConfig } from './oracle-config';
import {
  childRows,
  materialTransactionPayload,
  number,
  operationTransactionPayload,
  optionalText,
  qualityIssuePayload,
  stagedTransactionPayload,
  text,
  toErpBom,
  toErpStock,
  toErpWorkOrder,
  type OracleRow,
} from './oracle-payloads';
import { writeZip } from './zip-writer';

export interface OracleConnectorOptions {
  /** Origin of the pod, e.g. https://abcd.fa.us2.oraclecloud.com (or the simulator). */
  baseUrl: string;
  /** Basic (integration user), bearer, or OAuth2 client credentials. */
  auth: ErpAuthConfig;
  timeoutMs?: number;
  /** Most HTTP calls in flight to this pod at once (default 4). */
  maxConcurrent?: number;
  pageSize?: number;
  config?: DeepPartial<OracleResourceConfig>;
  /** How long a new transaction may stay unreadable right after its create (default 10 s). */
  readBackSettleMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_CONCURRENT = 4;
const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_READ_BACK_SETTLE_MS = 10_000;
const MAX_PAGES = 1000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function rowsOf(response: OracleResponse, what: string): { items: OracleRow[]; hasMore: boolean } {
  const body = response.body as { items?: unknown; hasMore?: unknown } | null;
  if (!body || !Array.isArray(body.items)) throw new ErpError('PROTOCOL', `Oracle answer for ${what} is not a collection (no items)`, { status: response.status });
  return { items: body.items as OracleRow[], hasMore: body.hasMore === true };
}

function objectOf(response: OracleResponse, what: string, committed = false): OracleRow {
  if (typeof response.body !== 'object' || response.body === null || Array.isArray(response.body)) {
    throw new ErpError('PROTOCOL', `Oracle answer for ${what} is not an object`, { status: response.status, mayHaveCommitted: committed });
  }
  return response.body as OracleRow;
}

/** "true"/"false" or a boolean: Oracle writes flags as strings. */
function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === 'Y';
}

function lineError(detail: OracleRow): string | null {
  for (const field of ['ErrorMessage', 'ErrorExplanation', 'ErrorMessageNames', 'ErrorCode']) {
    const value = detail[field];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return flag(detail.ErrorsExistFlag) ? 'Oracle reported an error for this line without a message' : null;
}

export class OracleConnector implements ErpConnector {
  readonly system = 'ORACLE' as const;
  private readonly client: OracleClient;
  private readonly config: OracleResourceConfig;
  private readonly pageSize: number;
  private readonly readBackSettleMs: number;
  private readonly now: () => Date;

  constructor(options: OracleConnectorOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const fetchImpl = options.fetch ?? fetch;
    const limiter = new Semaphore(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);
    this.config = oracleConfig(options.config);
    this.client = new OracleClient({
      baseUrl: options.baseUrl,
      apiVersion: this.config.apiVersion,
      restFrameworkVersion: this.config.restFrameworkVersion,
      auth: new ErpAuth(options.auth, { limiter, timeoutMs, fetch: fetchImpl }),
      limiter,
      timeoutMs,
      fetch: fetchImpl,
    });
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.readBackSettleMs = options.readBackSettleMs ?? DEFAULT_READ_BACK_SETTLE_MS;
    this.now = options.now ?? (() => new Date());
  }

  // ───────────────────────── Work orders ─────────────────────────

  private workOrderQuery(siteId: string, extra: string[] = []): string {
    return [`${this.config.workOrders.organizationField}=${oracleString(siteId)}`, ...extra].join(' and ');
  }

  private get workOrderExpand(): string {
    return `${this.config.workOrders.materialChild},${this.config.workOrders.operationChild}`;
  }

  async findUnreleasedOrders(siteId: string): Promise<ErpProductionOrder[]> {
    const wo = this.config.workOrders;
    const statuses = wo.unreleasedStatuses.map((s) => `${wo.statusField}=${oracleString(s)}`).join(' or ');
    const rows = await this.readAll(wo.resource, { q: this.workOrderQuery(siteId, [`(${statuses})`]), expand: this.workOrderExpand, orderBy: `${wo.numberField}:asc` }, 'unreleased work orders');
    // Defence in depth: a pod that ignored q= must not leak other organisations or released orders.
    return rows
      .filter((r) => r[wo.organizationField] === siteId && wo.unreleasedStatuses.includes(String(r[wo.statusField])))
      .map((r) => toErpWorkOrder(r, this.config, null));
  }

  /** The work order row by number within the organisation, or null. */
  private async findWorkOrder(siteId: string, erpOrderId: string): Promise<OracleRow | null> {
    const wo = this.config.workOrders;
    const response = await this.client.get(wo.resource, { q: this.workOrderQuery(siteId, [`${wo.numberField}=${oracleString(erpOrderId)}`]), expand: this.workOrderExpand, onlyData: 'true' });
    const { items } = rowsOf(response, `work order ${erpOrderId}`);
    return items.find((r) => r[wo.numberField] === erpOrderId && r[wo.organizationField] === siteId) ?? null;
  }

  /** The single work order with its ETag (collections do not carry one on every pod). */
  private async readWorkOrder(siteId: string, erpOrderId: string): Promise<{ row: OracleRow; id: string; etag: string | null }> {
    const wo = this.config.workOrders;
    const found = await this.findWorkOrder(siteId, erpOrderId);
    if (!found) throw new ErpError('NOT_FOUND', `Work order ${erpOrderId} does not exist in organization ${siteId}`, { status: 404 });
    const id = text(found, wo.idField, `work order ${erpOrderId}`);
    const response = await this.client.get(`${wo.resource}/${encodeURIComponent(id)}`, { expand: this.workOrderExpand });
    return { row: objectOf(response, `work order ${erpOrderId}`), id, etag: response.etag };
  }

  async getOrder(siteId: string, erpOrderId: string): Promise<ErpProductionOrder | null> {
    try {
      const { row, etag } = await this.readWorkOrder(siteId, erpOrderId);
      if (row[this.config.workOrders.organizationField] !== siteId) return null;
      return toErpWorkOrder(row, this.config, etag);
    } catch (error) {
      if (error instanceof ErpError && error.kind === 'NOT_FOUND') return null;
      throw error;
    }
  }

  async releaseOrder(siteId: string, erpOrderId: string): Promise<ReleaseOrderResult> {
    const wo = this.config.workOrders;
    const { row, id, etag } = await this.readWorkOrder(siteId, erpOrderId);
    const status = String(row[wo.statusField] ?? '');
    if (status === wo.releasedStatus) {
      return { released: true, messages: [{ severity: 'info', code: 'INTERLOCK/ALREADY_RELEASED', text: `Work order ${erpOrderId} is already released` }], raw: null };
    }
    if (!wo.unreleasedStatuses.includes(status)) {
      throw new ErpError('BUSINESS', `Work order ${erpOrderId} is in status ${status} and cannot be released`, {
        messages: [{ severity: 'error', code: 'INTERLOCK/WRONG_STATUS', text: `status ${status}` }],
      });
    }
    const response = await this.client.patch(`${wo.resource}/${encodeURIComponent(id)}`, { [wo.statusField]: wo.releasedStatus }, etag ?? '*');
    const after = objectOf(response, `work order ${erpOrderId}`, true);
    const released = after[wo.statusField] === undefined || after[wo.statusField] === wo.releasedStatus;
    return { released, messages: [{ severity: 'success', code: 'INTERLOCK/RELEASED', text: `Work order ${erpOrderId} released` }], raw: response.body };
  }

  async changeOrderComponents(siteId: string, input: OrderComponentChangeRequest, reference: string): Promise<OrderChangeResult> {
    const request = parseErpRequest(orderComponentChangeRequestSchema, input, 'component change');
    assertReference(reference);
    const wo = this.config.workOrders;
    const { row, id, etag } = await this.readWorkOrder(siteId, request.order);
    const materials = childRows(row, wo.materialChild);
    const pending: { substitution: (typeof request.substitutions)[number]; material: OracleRow }[] = [];
    let alreadyDone = 0;
    for (const substitution of request.substitutions) {
      const material = materials.find((m) => m[wo.materialItemField] === substitution.fromMaterial);
      if (material) pending.push({ substitution, material });
      else if (materials.some((m) => m[wo.materialItemField] === substitution.toMaterial)) alreadyDone += 1;
      else {
        throw new ErpError('BUSINESS', `Work order ${request.order} has no material ${substitution.fromMaterial} to substitute`, {
          messages: [{ severity: 'error', code: 'INTERLOCK/NO_COMPONENT', text: `material ${substitution.fromMaterial} is not on work order ${request.order}` }],
        });
      }
    }
    const document: ErpDocument = { type: 'PRODUCTION_ORDER', number: request.order, scope: siteId };
    if (pending.length === 0) {
      return { document, etag, changed: false, messages: [{ severity: 'info', code: 'INTERLOCK/ALREADY_DONE', text: `Work order ${request.order} already holds the substituted materials` }], raw: null };
    }
    if (alreadyDone === 0 && request.etag && etag && request.etag !== etag) {
      throw new ErpError('CONFLICT', `Work order ${request.order} was changed in Oracle after it was read; read it again before substituting`, { status: 412 });
    }
    let currentEtag = etag;
    const raws: unknown[] = [];
    for (const { substitution, material } of pending) {
      const materialId = text(material, wo.materialIdField, `work order ${request.order} material`);
      const body: OracleRow = { [wo.materialItemField]: substitution.toMaterial };
      if (substitution.quantity !== undefined) body[wo.materialQuantityField] = substitution.quantity;
      if (substitution.storageLocation) body[wo.materialSubinventoryField] = substitution.storageLocation;
      const response = await this.client.patch(`${wo.resource}/${encodeURIComponent(id)}/child/${wo.materialChild}/${encodeURIComponent(materialId)}`, body, currentEtag ?? '*');
      raws.push(response.body);
      // A child change moves the work order's version: the next change needs the new ETag.
      currentEtag = (await this.readWorkOrder(siteId, request.order)).etag;
    }
    return { document, etag: currentEtag, changed: true, messages: [], raw: raws };
  }

  async changeOrderDates(siteId: string, input: OrderDateChangeRequest, reference: string): Promise<OrderChangeResult> {
    const request = parseErpRequest(orderDateChangeRequestSchema, input, 'date change');
    assertReference(reference);
    const wo = this.config.workOrders;
    const { row, id, etag } = await this.readWorkOrder(siteId, request.order);
    const same = (field: string, wanted: string | undefined) => !wanted || (typeof row[field] === 'string' && Date.parse(row[field] as string) === Date.parse(wanted));
    const document: ErpDocument = { type: 'PRODUCTION_ORDER', number: request.order, scope: siteId };
    if (same(wo.plannedStartField, request.plannedStart) && same(wo.plannedCompletionField, request.plannedEnd)) {
      return { document, etag, changed: false, messages: [{ severity: 'info', code: 'INTERLOCK/ALREADY_DONE', text: `Work order ${request.order} already has the requested dates` }], raw: null };
    }
    if (request.etag && etag && request.etag !== etag) {
      throw new ErpError('CONFLICT', `Work order ${request.order} was changed in Oracle after it was read; read it again before moving its dates`, { status: 412 });
    }
    const body: OracleRow = {};
    if (request.plannedStart) body[wo.plannedStartField] = new Date(request.plannedStart).toISOString();
    if (request.plannedEnd) body[wo.plannedCompletionField] = new Date(request.plannedEnd).toISOString();
    const response = await this.client.patch(`${wo.resource}/${encodeURIComponent(id)}`, body, etag ?? '*');
    return { document, etag: response.etag ?? (await this.readWorkOrder(siteId, request.order)).etag, changed: true, messages: [], raw: response.body };
  }

  // ───────────────────────── Master data ─────────────────────────

  async findBoms(siteId: string, materials?: string[]): Promise<ErpBom[]> {
    const b = this.config.boms;
    const wanted = materials ? new Set(materials) : null;
    const rows = await this.readAll(
      b.resource,
      { q: `${b.organizationField}=${oracleString(siteId)}`, expand: `${b.componentChild},${b.componentChild}.${b.substituteChild}` },
      `item structures of ${siteId}`,
    );
    return rows.filter((r) => r[b.organizationField] === siteId && (!wanted || wanted.has(String(r[b.itemField])))).map((r) => toErpBom(r, this.config));
  }

  async findStock(siteId: string, materials?: string[]): Promise<ErpStock[]> {
    const o = this.config.onhand;
    const wanted = materials ? new Set(materials) : null;
    const rows = await this.readAll(o.resource, { q: `${o.organizationField}=${oracleString(siteId)}` }, `on-hand balances of ${siteId}`);
    return rows.filter((r) => r[o.organizationField] === siteId && (!wanted || wanted.has(String(r[o.itemField])))).map((r) => toErpStock(r, this.config));
  }

  // ───────────────────────── Postings ─────────────────────────

  async postGoodsMovement(siteId: string, input: GoodsMovementRequest, reference: string): Promise<ErpPostingResult> {
    const request = parseErpRequest(goodsMovementRequestSchema, input, 'goods movement');
    assertReference(reference);
    const day = request.postingDate ?? todayUtc(this.now());
    switch (request.kind) {
      case 'GOODS_ISSUE':
      case 'GOODS_ISSUE_REVERSAL':
      case 'GOODS_RECEIPT':
        return this.postMaterialTransaction(siteId, materialTransactionPayload(siteId, request, reference, day, this.config), reference);
      case 'SCRAP':
      case 'MISC_ISSUE':
      case 'MISC_RECEIPT':
        return this.postStagedTransaction(siteId, stagedTransactionPayload(siteId, request, reference, day, this.config), reference);
    }
  }

  /**
   * POST materialTransactions. Line failures come inside a 201 with
   * ErrorsExistFlag: none posted is a plain refusal; some posted is a
   * refusal that must not be re-sent (mayHaveCommitted), since the posted
   * lines would post twice.
   */
  private async postMaterialTransaction(siteId: string, payload: OracleRow, reference: string): Promise<ErpPostingResult> {
    const mt = this.config.materialTransactions;
    const response = await this.client.post(mt.resource, payload);
    const body = objectOf(response, 'the material transaction', true);
    const details = childRows(body, mt.detailChild);
    const outcome = this.lineOutcome(details, flag(body.ErrorsExistFlag), reference, response.status);
    return { document: { type: 'MATERIAL_DOCUMENT', number: outcome.ids[0], scope: siteId }, messages: outcome.messages, raw: body };
  }

  private lineOutcome(details: OracleRow[], errorsExist: boolean, reference: string, status: number): { ids: string[]; messages: ErpMessage[] } {
    const failed = details.map((d, index) => ({ index, error: lineError(d) })).filter((d) => d.error !== null);
    const ids = details.map((d) => optionalText(d, 'InvTransactionId')).filter((id): id is string => Boolean(id));
    if (failed.length > 0 || errorsExist) {
      const messages: ErpMessage[] = failed.map((f) => ({ severity: 'error', code: 'ORACLE/LINE_ERROR', text: `line ${f.index + 1}: ${f.error}` }));
      if (messages.length === 0) messages.push({ severity: 'error', code: 'ORACLE/LINE_ERROR', text: 'ErrorsExistFlag is true' });
      const partial = ids.length > 0;
      throw new ErpError(
        'BUSINESS',
        partial
          ? `Oracle posted ${ids.length} of ${details.length} lines of ${reference} and refused the rest: ${messages.map((m) => m.text).join('; ')} (do not re-send: post the refused lines on their own once fixed)`
          : `Oracle refused ${reference}: ${messages.map((m) => m.text).join('; ')}`,
        { status, messages, mayHaveCommitted: partial },
      );
    }
    if (ids.length === 0) throw new ErpError('PROTOCOL', `Oracle accepted ${reference} without a transaction id`, { status, mayHaveCommitted: true });
    return { ids, messages: [{ severity: 'success', code: 'ORACLE/POSTED', text: `Oracle transactions ${ids.join(', ')}` }] };
  }

  private async postStagedTransaction(siteId: string, payload: OracleRow, reference: string): Promise<ErpPostingResult> {
    const st = this.config.stagedTransactions;
    const response = await this.client.post(st.resource, payload);
    const body = objectOf(response, 'the staged inventory transaction', true);
    const error = lineError(body);
    if (error) {
      throw new ErpError('BUSINESS', `Oracle refused ${reference}: ${error}`, { status: response.status, messages: [{ severity: 'error', code: String(body.ErrorCode ?? 'ORACLE/ERROR'), text: error }] });
    }
    // Online mode processes the row at once; the completed transaction carries the number that lasts.
    const completed = await this.settled(() => this.findCompletedTransactions(siteId, reference));
    if (completed && completed.length > 0) {
      return { document: { type: 'MATERIAL_DOCUMENT', number: completed[0], scope: siteId }, messages: [], raw: body };
    }
    const interfaceId = optionalText(body, 'TransactionInterfaceId') ?? reference;
    return {
      document: { type: 'MATERIAL_DOCUMENT', number: interfaceId, scope: siteId },
      messages: [{ severity: 'warning', code: 'INTERLOCK/READ_BACK_PENDING', text: `Staged transaction ${interfaceId} was accepted but its completed transaction is not readable yet` }],
      raw: body,
    };
  }

  async cancelDocument(siteId: string, document: ErpDocument, reference: string): Promise<ErpPostingResult> {
    assertReference(reference);
    if (document.type !== 'MATERIAL_DOCUMENT') {
      throw new ErpError('BUSINESS', `Only inventory transactions can be reversed in Oracle; got ${document.type} ${document.number}`, {
        messages: [{ severity: 'error', code: 'INTERLOCK/NOT_REVERSIBLE', text: 'not an inventory transaction' }],
      });
    }
    // Safe to repeat: the reversal carries this reference, so an earlier attempt is found first.
    const existing = await this.findMaterialDocument(siteId, reference);
    if (existing) return { ...existing, messages: [{ severity: 'info', code: 'INTERLOCK/ALREADY_REVERSED', text: `Transaction ${document.number} is already reversed by ${existing.document.number}` }] };
    const ct = this.config.completedTransactions;
    let original: OracleRow;
    try {
      original = objectOf(await this.client.get(`${ct.resource}/${encodeURIComponent(document.number)}`), `transaction ${document.number}`);
    } catch (error) {
      if (error instanceof ErpError && error.kind === 'NOT_FOUND') throw new ErpError('NOT_FOUND', `Transaction ${document.number} does not exist in organization ${siteId}`, { status: 404 });
      throw error;
    }
    if (original.OrganizationCode !== undefined && original.OrganizationCode !== siteId) {
      throw new ErpError('NOT_FOUND', `Transaction ${document.number} does not exist in organization ${siteId}`, { status: 404 });
    }
    const type = String(original.TransactionTypeCode ?? original.TransactionTypeName ?? '');
    const mt = this.config.materialTransactions;
    const st = this.config.stagedTransactions;
    const quantity = Math.abs(number(original, 'TransactionQuantity', `transaction ${document.number}`));
    const material = text(original, 'ItemNumber', `transaction ${document.number}`);
    const storageLocation = text(original, 'SubinventoryCode', `transaction ${document.number}`);
    const uom = optionalText(original, 'TransactionUOMCode') ?? optionalText(original, 'TransactionUnitOfMeasure') ?? '';
    const batch = optionalText(original, 'LotNumber') ?? undefined;
    const order = optionalText(original, 'WorkOrderNumber');
    const day = todayUtc(this.now());
    if (type === mt.types.GOODS_ISSUE && order) {
      return this.postGoodsMovement(siteId, { kind: 'GOODS_ISSUE_REVERSAL', order, items: [{ material, quantity, uom, storageLocation, batch }], postingDate: day }, reference);
    }
    if (type === st.types.MISC_ISSUE || type === st.types.SCRAP) {
      return this.postGoodsMovement(siteId, { kind: 'MISC_RECEIPT', material, quantity, uom, storageLocation, batch, postingDate: day, text: `Reversal of ${document.number}` }, reference);
    }
    throw new ErpError('BUSINESS', `Oracle transaction ${document.number} of type ${type} has no automatic reversal; reverse it in Oracle`, {
      messages: [{ severity: 'error', code: 'INTERLOCK/NOT_REVERSIBLE', text: `type ${type}` }],
    });
  }

  async postConfirmation(siteId: string, input: ConfirmationRequest, reference: string): Promise<ErpPostingResult> {
    const request = parseErpRequest(confirmationRequestSchema, input, 'confirmation');
    assertReference(reference);
    const ot = this.config.operationTransactions;
    const payload = operationTransactionPayload(siteId, request, reference, request.postingDate ?? todayUtc(this.now()), this.config);
    const response = await this.client.post(ot.resource, payload);
    const body = objectOf(response, 'the operation transaction', true);
    const details = childRows(body, ot.detailChild);
    const failed = details.map(lineError).filter((e): e is string => e !== null);
    if (failed.length > 0 || flag(body.ErrorsExistFlag)) {
      const messages: ErpMessage[] = (failed.length ? failed : ['ErrorsExistFlag is true']).map((t) => ({ severity: 'error', code: 'ORACLE/LINE_ERROR', text: t }));
      throw new ErpError('BUSINESS', `Oracle refused confirmation ${reference}: ${messages.map((m) => m.text).join('; ')}`, { status: response.status, messages });
    }
    const id = details.map((d) => optionalText(d, 'OperationTransactionId')).find(Boolean);
    if (!id) throw new ErpError('PROTOCOL', `Oracle accepted confirmation ${reference} without a transaction id`, { status: response.status, mayHaveCommitted: true });
    return { document: { type: 'CONFIRMATION', number: id, scope: siteId }, messages: [], raw: body };
  }

  async createQualityNotification(siteId: string, input: QualityNotificationRequest, reference: string): Promise<ErpPostingResult> {
    const request = parseErpRequest(qualityNotificationRequestSchema, input, 'quality issue');
    assertReference(reference);
    const q = this.config.qualityIssues;
    const response = await this.client.post(q.resource, qualityIssuePayload(siteId, request, reference, this.config));
    const body = objectOf(response, 'the quality issue', true);
    const id = optionalText(body, q.numberField);
    if (!id) throw new ErpError('PROTOCOL', `Oracle created quality issue ${reference} without ${q.numberField}`, { status: response.status, mayHaveCommitted: true });
    return { document: { type: 'QUALITY_NOTIFICATION', number: id, scope: siteId }, messages: [], raw: body };
  }

  /**
   * Journals through FBDI: upload the zipped GlInterface.csv and start
   * Journal Import (one call), then poll the ESS job. A job that neither ends
   * nor fails in time is in doubt: it may still import, so the read-back
   * decides, never a second upload.
   */
  async postJournalEntry(siteId: string, input: JournalEntryRequest, reference: string): Promise<ErpPostingResult> {
    const request = parseErpRequest(journalEntryRequestSchema, input, 'journal entry');
    assertReference(reference);
    const j = this.config.journals;
    const ei = this.config.erpIntegrations;
    const csv = buildGlInterfaceCsv(request, reference, { ledgerId: request.companyCode ?? j.ledgerId, source: j.source, category: j.category, segmentSeparator: j.segmentSeparator, costCenterSegment: j.costCenterSegment, now: this.now() });
    const zip = writeZip([{ name: 'GlInterface.csv', data: Buffer.from(csv, 'utf8') }], { date: this.now() });
    const parameterList = ei.parameterList
      .replace('{dataAccessSetId}', j.dataAccessSetId)
      .replace('{source}', j.source)
      .replace('{ledgerId}', request.companyCode ?? j.ledgerId)
      .replace('{groupId}', groupIdFor(reference));
    const response = await this.client.post(ei.resource, {
      OperationName: 'importBulkData',
      DocumentContent: zip.toString('base64'),
      ContentType: 'zip',
      FileName: `GlInterface_${reference}.zip`,
      DocumentAccount: ei.documentAccount,
      JobName: ei.jobName,
      ParameterList: parameterList,
      CallbackURL: '#NULL',
      NotificationCode: '10',
    });
    const body = objectOf(response, 'importBulkData', true);
    const requestId = optionalText(body, 'ReqstId');
    if (!requestId || requestId === '-1') {
      throw new ErpError('BUSINESS', `Oracle did not start Journal Import for ${reference}${requestId === '-1' ? ' (ReqstId -1: check the document account and the job name)' : ''}`, {
        status: response.status,
        messages: [{ severity: 'error', code: 'ORACLE/ESS', text: 'no ESS request id' }],
      });
    }
    const status = await this.pollEssJob(requestId, reference);
    const found = status === 'SUCCEEDED' || status === 'WARNING' ? await this.settled(() => this.findJournalEntry(siteId, reference, request.companyCode)) : null;
    if (status === 'SUCCEEDED' || (status === 'WARNING' && found)) {
      if (!found) {
        return {
          document: { type: 'JOURNAL_ENTRY', number: `ESS-${requestId}`, scope: request.companyCode ?? j.ledgerId },
          messages: [{ severity: 'warning', code: 'INTERLOCK/READ_BACK_PENDING', text: `Journal Import ${requestId} succeeded but the batch is not readable yet` }],
          raw: { essRequestId: requestId, status },
        };
      }
      return { ...found, messages: [{ severity: status === 'WARNING' ? 'warning' : 'success', code: `ORACLE/ESS_${status}`, text: `Journal Import request ${requestId} ended ${status}` }], raw: { essRequestId: requestId, status, batch: found.raw } };
    }
    throw new ErpError('BUSINESS', `Journal Import request ${requestId} for ${reference} ended ${status}: nothing was posted; read the ESS job log in Oracle (downloadESSJobExecutionDetails)`, {
      messages: [{ severity: 'error', code: `ORACLE/ESS_${status}`, text: `Journal Import ${requestId} ${status}` }],
    });
  }

  private async pollEssJob(requestId: string, reference: string): Promise<string> {
    const ei = this.config.erpIntegrations;
    const deadline = Date.now() + ei.pollTimeoutMs;
    for (;;) {
      const response = await this.client.get(ei.resource, { finder: `ESSJobStatusRF;requestId=${requestId}`, onlyData: 'true' });
      const { items } = rowsOf(response, `ESS job ${requestId}`);
      const status = String(items[0]?.RequestStatus ?? '').toUpperCase();
      if (['SUCCEEDED', 'WARNING', 'ERROR', 'CANCELED', 'CANCELLED', 'EXPIRED'].includes(status)) return status;
      if (Date.now() + ei.pollIntervalMs > deadline) {
        throw new ErpError('TRANSIENT', `Journal Import request ${requestId} for ${reference} is still ${status || 'unknown'} after ${ei.pollTimeoutMs} ms`, { mayHaveCommitted: true });
      }
      await sleep(ei.pollIntervalMs);
    }
  }

  // ───────────────────────── Read-back ─────────────────────────

  async findDocumentByReference(siteId: string, reference: string, type?: ErpReferencedDocumentType): Promise<ErpPostingResult | null> {
    assertReference(reference);
    const searches: Record<ErpReferencedDocumentType, () => Promise<ErpPostingResult | null>> = {
      MATERIAL_DOCUMENT: () => this.findMaterialDocument(siteId, reference),
      CONFIRMATION: () => this.findConfirmation(siteId, reference),
      JOURNAL_ENTRY: () => this.findJournalEntry(siteId, reference),
      QUALITY_NOTIFICATION: () => this.findQualityIssue(siteId, reference),
    };
    for (const kind of type ? [type] : (['MATERIAL_DOCUMENT', 'CONFIRMATION', 'QUALITY_NOTIFICATION', 'JOURNAL_ENTRY'] as const)) {
      const found = await searches[kind]();
      if (found) return found;
    }
    return null;
  }

  private async findCompletedTransactions(siteId: string, reference: string): Promise<string[] | null> {
    const ct = this.config.completedTransactions;
    const byReference = ct.referenceFields.map((f) => `${f}=${oracleString(reference)}`).join(' or ');
    const rows = await this.readAll(ct.resource, { q: `OrganizationCode=${oracleString(siteId)} and (${byReference})`, orderBy: `${ct.idField}:asc` }, `transactions with reference ${reference}`);
    return rows.length === 0 ? null : rows.map((r) => text(r, ct.idField, 'completed transaction'));
  }

  private async findMaterialDocument(siteId: string, reference: string): Promise<ErpPostingResult | null> {
    const ct = this.config.completedTransactions;
    const byReference = ct.referenceFields.map((f) => `${f}=${oracleString(reference)}`).join(' or ');
    const rows = await this.readAll(ct.resource, { q: `OrganizationCode=${oracleString(siteId)} and (${byReference})`, orderBy: `${ct.idField}:asc` }, `transactions with reference ${reference}`);
    if (rows.length === 0) return null;
    const ids = rows.map((r) => text(r, ct.idField, 'completed transaction'));
    const messages: ErpMessage[] = [{ severity: 'info', code: 'INTERLOCK/READ_BACK', text: `Found Oracle transactions ${ids.join(', ')} by reference ${reference}` }];
    // Lines of one posting carry distinct line references; a repeated one means the reference posted twice.
    const lineField = this.config.materialTransactions.lineReferenceField;
    const lines = rows.map((r) => `${r.TransactionTypeCode ?? r.TransactionTypeName ?? ''}/${r[lineField] ?? r.SourceLineId ?? '1'}`);
    if (new Set(lines).size < lines.length) {
      messages.push({ severity: 'warning', code: 'INTERLOCK/DUPLICATE_REFERENCE', text: `Oracle holds more than one posting with reference ${reference}: ${ids.join(', ')}` });
    }
    return { document: { type: 'MATERIAL_DOCUMENT', number: ids[0], scope: siteId }, messages, raw: rows };
  }

  private async findConfirmation(siteId: string, reference: string): Promise<ErpPostingResult | null> {
    const ot = this.config.operationTransactions;
    const rows = await this.readAll(ot.resource, { q: `OrganizationCode=${oracleString(siteId)} and ${ot.referenceField}=${oracleString(reference)}` }, `operation transactions with reference ${reference}`);
    if (rows.length === 0) return null;
    const ids = rows.map((r) => text(r, 'OperationTransactionId', 'operation transaction'));
    return this.found('CONFIRMATION', ids, siteId, reference, rows);
  }

  private async findQualityIssue(siteId: string, reference: string): Promise<ErpPostingResult | null> {
    const q = this.config.qualityIssues;
    const rows = await this.readAll(q.resource, { q: `${q.fields.organization}=${oracleString(siteId)} and ${q.referenceField}=${oracleString(reference)}` }, `quality issues with reference ${reference}`);
    if (rows.length === 0) return null;
    return this.found('QUALITY_NOTIFICATION', rows.map((r) => text(r, q.numberField, 'quality issue')), siteId, reference, rows);
  }

  private async findJournalEntry(_siteId: string, reference: string, ledger?: string): Promise<ErpPostingResult | null> {
    const j = this.config.journals;
    // Journal Import appends the request id to the batch name, so the name starts with our reference.
    const rows = await this.readAll(j.readBackResource, { q: `${j.batchNameField} LIKE ${oracleString(`${reference}%`)}` }, `journal batches with reference ${reference}`);
    const mine = rows.filter((r) => {
      const name = optionalText(r, j.batchNameField) ?? '';
      return name === reference || name.startsWith(`${reference} `);
    });
    if (mine.length === 0) return null;
    return this.found('JOURNAL_ENTRY', mine.map((r) => text(r, j.batchIdField, 'journal batch')), ledger ?? j.ledgerId, reference, mine);
  }

  private found(type: ErpReferencedDocumentType, ids: string[], scope: string, reference: string, raw: unknown): ErpPostingResult {
    const messages: ErpMessage[] = [{ severity: 'info', code: 'INTERLOCK/READ_BACK', text: `Found ${ids[0]} in Oracle by reference ${reference}` }];
    if (ids.length > 1) messages.push({ severity: 'warning', code: 'INTERLOCK/DUPLICATE_REFERENCE', text: `Oracle holds ${ids.length} documents with reference ${reference}: ${ids.join(', ')}` });
    return { document: { type, number: ids[0], scope }, messages, raw };
  }

  // ───────────────────────── Helpers ─────────────────────────

  private async settled<T>(read: () => Promise<T | null>): Promise<T | null> {
    const deadline = Date.now() + this.readBackSettleMs;
    let delay = 200;
    for (;;) {
      try {
        const value = await read();
        if (value !== null) return value;
      } catch (error) {
        if (!(error instanceof ErpError) || (error.kind !== 'NOT_FOUND' && error.kind !== 'TRANSIENT')) return null;
      }
      if (Date.now() + delay > deadline) return null;
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }

  private async readAll(resource: string, query: Record<string, string>, what: string): Promise<OracleRow[]> {
    const all: OracleRow[] = [];
    for (let page = 0, offset = 0; ; page += 1) {
      if (page >= MAX_PAGES) throw new ErpError('PROTOCOL', `Oracle kept returning pages after ${MAX_PAGES} pages of ${what}`);
      const response = await this.client.get(resource, { ...query, onlyData: 'true', limit: String(this.pageSize), offset: String(offset) });
      const { items, hasMore } = rowsOf(response, what);
      all.push(...items);
      offset += items.length;
      if (!hasMore || items.length === 0) break;
    }
    return all;
  }
}

export function createOracleConnector(options: OracleConnectorOptions): ErpConnector {
  return new OracleConnector(options);
}
