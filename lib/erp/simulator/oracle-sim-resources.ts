// The Oracle Fusion REST resources the simulator serves, over OracleSimState:
// rows rendered with the attribute names of OracleResourceConfig (so the
// adapter and the simulator agree by construction, and a renamed attribute is
// refused by both), writes checked against each resource's attribute set,
// business rules (stock, periods, work-order status, balanced journals) and
// the ESS jobs of Journal Import.
import { parseGlInterfaceCsv } from '@/lib/erp/oracle/gl-interface-csv';
import type { OracleResourceConfig } from '@/lib/erp/oracle/oracle-config';
import { readZip } from '@/lib/erp/oracle/zip-writer';
import type { OracleSimState, OracleSimTransaction, OracleSimWorkOrder } from './oracle-sim-state';

export type Row = Record<string, unknown>;

export interface OracleFailure {
  status: number;
  detail: string;
  code: string;
  path?: string;
}

export type Outcome<T> = { ok: true; value: T; etag?: string } | { ok: false; failure: OracleFailure };

const fail = (status: number, detail: string, code = 'SIM-00000', path?: string): { ok: false; failure: OracleFailure } => ({ ok: false, failure: { status, detail, code, path } });

/** Children as the framework version writes them: an array before version 3, a collection from 3 on. */
export function children(rows: Row[], frameworkVersion: number): unknown {
  return frameworkVersion >= 3 ? { items: rows, count: rows.length, hasMore: false, limit: 25, offset: 0 } : rows;
}

/** Refuses attributes the resource does not have, with the path of the first one. */
function unknownAttribute(row: Row, allowed: Set<string>, resource: string, path = ''): OracleFailure | null {
  for (const key of Object.keys(row)) {
    if (!allowed.has(key)) return { status: 400, detail: `The attribute ${key} is not valid for the resource ${resource}.`, code: 'SIM-27501', path: `${path}/${key}` };
  }
  return null;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
}

function dayOf(value: unknown): string | null {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms).toISOString().slice(0, 10);
}

export class OracleSimResources {
  constructor(
    private readonly state: OracleSimState,
    private readonly config: OracleResourceConfig,
    /** New rows stay invisible this long (the slow read-back fault). */
    private readonly slowReadBackMs: () => number,
    /** How long a Journal Import job runs before it ends. */
    private readonly essDelayMs: () => number,
  ) {}

  private visible(createdAt: string): boolean {
    return this.state.now().getTime() - Date.parse(createdAt) >= this.slowReadBackMs();
  }

  // ───────────── work orders ─────────────

  workOrderRow(order: OracleSimWorkOrder, frameworkVersion: number, expand: Set<string>): Row {
    const wo = this.config.workOrders;
    const row: Row = {
      [wo.idField]: order.id,
      [wo.numberField]: order.number,
      [wo.organizationField]: order.organization,
      [wo.itemField]: order.item,
      [wo.quantityField]: order.quantity,
      [wo.uomField]: order.uom,
      [wo.statusField]: order.status,
      [wo.plannedStartField]: order.plannedStart,
      [wo.plannedCompletionField]: order.plannedCompletion,
      WorkOrderType: 'STANDARD',
    };
    const all = expand.has('all');
    if (all || expand.has(wo.materialChild)) {
      row[wo.materialChild] = children(
        order.materials.map((m) => ({
          [wo.materialIdField]: m.id,
          [wo.materialItemField]: m.item,
          [wo.materialQuantityField]: m.quantity,
          [wo.materialUomField]: m.uom,
          [wo.materialSubinventoryField]: m.subinventory,
          [wo.materialOperationField]: m.operationSeq,
        })),
        frameworkVersion,
      );
    }
    if (all || expand.has(wo.operationChild)) {
      row[wo.operationChild] = children(
        order.operations.map((op) => ({ [wo.operationSequenceField]: op.seq, [wo.operationWorkCenterField]: op.workCenter })),
        frameworkVersion,
      );
    }
    return row;
  }

  workOrderAttributes(): Set<string> {
    return new Set(Object.keys(this.workOrderRow({ id: 0, number: '', organization: '', item: '', quantity: 0, uom: '', status: '', plannedStart: '', plannedCompletion: '', version: 0, operations: [], materials: [], createdAt: '' }, 4, new Set())));
  }

  findWorkOrderById(id: string): OracleSimWorkOrder | undefined {
    return this.state.data.workOrders.find((o) => String(o.id) === id);
  }

  patchWorkOrder(id: string, body: Row, ifMatch: string | undefined): Outcome<OracleSimWorkOrder> {
    const wo = this.config.workOrders;
    const order = this.findWorkOrderById(id);
    if (!order) return fail(404, `The requested resource workOrders/${id} does not exist.`, 'SIM-00404');
    if (ifMatch && ifMatch !== '*' && ifMatch !== this.state.etag(order)) return fail(412, 'The work order was changed by another user. Query it again.', 'SIM-00412');
    const unknown = unknownAttribute(body, new Set([wo.statusField, wo.plannedStartField, wo.plannedCompletionField]), wo.resource);
    if (unknown) return { ok: false, failure: unknown };
    // Everything is checked before anything changes: a refused PATCH leaves the row as it was.
    let status = order.status;
    let released = false;
    if (body[wo.statusField] !== undefined) {
      const next = str(body[wo.statusField]);
      if (next === wo.releasedStatus && order.status !== wo.releasedStatus) {
        if (!wo.unreleasedStatuses.includes(order.status)) return fail(400, `You can't release work order ${order.number} in status ${order.status}.`, 'WIE-2140');
        released = true;
      } else if (next !== order.status && next !== wo.releasedStatus) {
        return fail(400, `The simulator changes work order status only to ${wo.releasedStatus}.`, 'SIM-00001');
      }
      status = next;
    }
    const dates = { plannedStart: order.plannedStart, plannedCompletion: order.plannedCompletion };
    for (const [field, key] of [
      [wo.plannedStartField, 'plannedStart'],
      [wo.plannedCompletionField, 'plannedCompletion'],
    ] as const) {
      if (body[field] === undefined) continue;
      const at = typeof body[field] === 'string' ? Date.parse(body[field] as string) : Number.NaN;
      if (Number.isNaN(at)) return fail(400, `The value of ${field} is not a valid date.`, 'SIM-00002', `/${field}`);
      dates[key] = new Date(at).toISOString();
    }
    if (Date.parse(dates.plannedStart) >= Date.parse(dates.plannedCompletion)) return fail(400, 'The planned start date must be before the planned completion date.', 'WIE-1020');
    if (released) this.state.stats.releases[order.number] = (this.state.stats.releases[order.number] ?? 0) + 1;
    order.status = status;
    order.plannedStart = dates.plannedStart;
    order.plannedCompletion = dates.plannedCompletion;
    order.version += 1;
    this.state.persist();
    return { ok: true, value: order, etag: this.state.etag(order) };
  }

  patchWorkOrderMaterial(id: string, materialId: string, body: Row, ifMatch: string | undefined): Outcome<OracleSimWorkOrder> {
    const wo = this.config.workOrders;
    const order = this.findWorkOrderById(id);
    const material = order?.materials.find((m) => String(m.id) === materialId);
    if (!order || !material) return fail(404, `The requested resource workOrders/${id}/child/${wo.materialChild}/${materialId} does not exist.`, 'SIM-00404');
    if (ifMatch && ifMatch !== '*' && ifMatch !== this.state.etag(order)) return fail(412, 'The work order was changed by another user. Query it again.', 'SIM-00412');
    const unknown = unknownAttribute(body, new Set([wo.materialItemField, wo.materialQuantityField, wo.materialSubinventoryField]), wo.materialChild);
    if (unknown) return { ok: false, failure: unknown };
    if (body[wo.materialItemField] !== undefined) material.item = str(body[wo.materialItemField]);
    if (body[wo.materialQuantityField] !== undefined) material.quantity = num(body[wo.materialQuantityField]);
    if (body[wo.materialSubinventoryField] !== undefined) material.subinventory = str(body[wo.materialSubinventoryField]);
    order.version += 1;
    this.state.persist();
    return { ok: true, value: order, etag: this.state.etag(order) };
  }

  // ───────────── inventory transactions ─────────────

  transactionRow(t: OracleSimTransaction): Row {
    return {
      [this.config.completedTransactions.idField]: t.id,
      OrganizationCode: t.organization,
      ItemNumber: t.item,
      SubinventoryCode: t.subinventory,
      LotNumber: t.lot || null,
      TransactionQuantity: t.quantity,
      TransactionUOMCode: t.uom,
      TransactionTypeCode: t.typeCode,
      TransactionTypeName: t.typeName,
      WorkOrderNumber: t.workOrder || null,
      OperationSequenceNumber: t.operationSeq || null,
      TransactionReference: t.transactionReference,
      SourceHeaderReference: t.sourceHeaderReference,
      [this.config.materialTransactions.lineReferenceField]: t.sourceLineReference,
      TransactionDate: t.transactionDate,
    };
  }

  transactionAttributes(): Set<string> {
    return new Set([...Object.keys(this.transactionRow({ id: 0, organization: '', item: '', subinventory: '', lot: '', quantity: 0, uom: '', typeCode: '', typeName: '', workOrder: '', operationSeq: 0, transactionReference: '', sourceHeaderReference: '', sourceLineReference: '', transactionDate: '', createdAt: '' })), ...this.config.completedTransactions.referenceFields]);
  }

  visibleTransactions(): OracleSimTransaction[] {
    return this.state.data.transactions.filter((t) => this.visible(t.createdAt));
  }

  private detailAttributes(): Set<string> {
    const mt = this.config.materialTransactions;
    return new Set([
      'OrganizationCode',
      'WorkOrderNumber',
      'WoOperationSequenceNumber',
      'InventoryItemNumber',
      'SubinventoryCode',
      'LocatorName',
      'TransactionDate',
      'TransactionQuantity',
      'TransactionUOMCode',
      'TransactionUnitOfMeasure',
      'TransactionTypeCode',
      'TransactionLot',
      'ReasonName',
      mt.referenceField,
      mt.lineReferenceField,
    ]);
  }

  /**
   * One material transaction line: refuses what the pod refuses for a line
   * (unknown work order, unknown type, closed period, no on-hand for an
   * issue), otherwise moves stock and records the completed transaction.
   */
  private applyLine(detail: Row, organization: string): { id?: number; error?: string } {
    const mt = this.config.materialTransactions;
    const type = str(detail.TransactionTypeCode);
    const direction = type === mt.types.GOODS_ISSUE ? -1 : type === mt.types.GOODS_ISSUE_REVERSAL || type === mt.types.GOODS_RECEIPT ? 1 : 0;
    if (direction === 0) return { error: `INV_INVALID_TXN_TYPE: The transaction type ${type || '(empty)'} is not valid.` };
    const number = str(detail.WorkOrderNumber);
    const order = this.state.data.workOrders.find((o) => o.number === number && o.organization === organization);
    if (!order) return { error: `WIE_INVALID_WO: Work order ${number} doesn't exist in organization ${organization}.` };
    if (!order.status || this.config.workOrders.unreleasedStatuses.includes(order.status)) return { error: `WIE_WO_NOT_RELEASED: Work order ${number} isn't released.` };
    const day = dayOf(detail.TransactionDate);
    if (!day) return { error: 'INV_INVALID_DATE: The transaction date is not valid.' };
    if (this.state.isClosed(day)) return { error: `INV_PERIOD_CLOSED: The inventory accounting period for ${day.slice(0, 7)} is closed.` };
    const quantity = num(detail.TransactionQuantity);
    if (!(quantity > 0)) return { error: 'INV_INVALID_QTY: The transaction quantity must be greater than zero.' };
    const item = str(detail.InventoryItemNumber);
    if (type === mt.types.GOODS_RECEIPT && item !== order.item) return { error: `WIE_INVALID_ITEM: Item ${item} isn't the product of work order ${number}.` };
    const subinventory = str(detail.SubinventoryCode);
    const lots = Array.isArray(detail.TransactionLot) ? (detail.TransactionLot as Row[]) : [];
    const lot = lots.length ? str(lots[0].LotNumber) : '';
    const onhand = this.state.onhandOf(organization, item, subinventory, lot);
    if (direction < 0 && onhand < quantity) {
      return { error: `INV_NO_ONHAND: The quantity ${quantity} exceeds the available on-hand quantity ${onhand} of item ${item} in subinventory ${subinventory}.` };
    }
    const uom = str(detail.TransactionUOMCode) || str(detail.TransactionUnitOfMeasure);
    this.state.setOnhand({ organization, item, subinventory, lot, uom, quantity: Math.round((onhand + direction * quantity) * 1000) / 1000 });
    const id = this.state.next('transaction');
    this.state.data.transactions.push({
      id,
      organization,
      item,
      subinventory,
      lot,
      quantity: direction * quantity,
      uom,
      typeCode: type,
      typeName: type,
      workOrder: number,
      operationSeq: num(detail.WoOperationSequenceNumber) || 0,
      transactionReference: '',
      sourceHeaderReference: str(detail[mt.referenceField]),
      sourceLineReference: str(detail[mt.lineReferenceField]),
      transactionDate: str(detail.TransactionDate),
      createdAt: this.state.now().toISOString(),
    });
    return { id };
  }

  postMaterialTransactions(body: Row): Outcome<Row> {
    const mt = this.config.materialTransactions;
    const unknown = unknownAttribute(body, new Set(['SourceSystemCode', 'SourceSystemType', mt.detailChild]), mt.resource);
    if (unknown) return { ok: false, failure: unknown };
    const details = Array.isArray(body[mt.detailChild]) ? (body[mt.detailChild] as Row[]) : [];
    if (details.length === 0) return fail(400, `Enter at least one ${mt.detailChild}.`, 'SIM-00010');
    for (const [index, detail] of details.entries()) {
      const bad = unknownAttribute(detail, this.detailAttributes(), mt.detailChild, `/${mt.detailChild}/${index}`);
      if (bad) return { ok: false, failure: bad };
    }
    // Each line stands on its own, as in the inventory interface: some may post while others fail.
    let errors = false;
    const ids: string[] = [];
    const echoed = details.map((detail) => {
      const outcome = this.applyLine(detail, str(detail.OrganizationCode));
      if (outcome.error) {
        errors = true;
        return { ...detail, ErrorsExistFlag: 'true', ErrorMessage: outcome.error };
      }
      ids.push(String(outcome.id));
      return { ...detail, InvTransactionId: outcome.id, TransactionUOMCode: str(detail.TransactionUOMCode), ErrorsExistFlag: 'false' };
    });
    if (ids.length > 0) this.state.record('MATERIAL_TRANSACTION', str(details[0][mt.referenceField]), ids);
    this.state.persist();
    return { ok: true, value: { ...body, ErrorsExistFlag: errors ? 'true' : 'false', [mt.detailChild]: echoed } };
  }

  postStagedTransaction(body: Row): Outcome<Row> {
    const st = this.config.stagedTransactions;
    const allowed = new Set([
      'OrganizationCode',
      'ItemNumber',
      'TransactionTypeName',
      'TransactionQuantity',
      'TransactionUnitOfMeasure',
      'SubinventoryCode',
      'LocatorName',
      'TransactionDate',
      'SourceCode',
      'SourceHeaderId',
      'SourceLineId',
      'TransactionMode',
      'AccountCombination',
      'AccountAliasCombination',
      'ReasonName',
      'UseCurrentCostFlag',
      'lots',
      st.referenceField,
    ]);
    const unknown = unknownAttribute(body, allowed, st.resource);
    if (unknown) return { ok: false, failure: unknown };
    const interfaceId = this.state.next('interface');
    const error = (code: string, explanation: string): Outcome<Row> => ({ ok: true, value: { ...body, TransactionInterfaceId: interfaceId, ProcessStatus: '3', ErrorCode: code, ErrorExplanation: explanation } });
    const typeName = str(body.TransactionTypeName);
    const kind = Object.entries(st.types).find(([, name]) => name === typeName)?.[0];
    if (!kind) return error('INV_INVALID_TXN_TYPE', `The transaction type ${typeName || '(empty)'} is not valid.`);
    const issue = kind !== 'MISC_RECEIPT';
    const quantity = num(body.TransactionQuantity);
    if (!Number.isFinite(quantity) || quantity === 0 || (issue ? quantity > 0 : quantity < 0)) {
      return error('INV_INVALID_QTY', `The quantity of a ${typeName} must be ${issue ? 'negative' : 'positive'}.`);
    }
    if (issue && !str(body.AccountCombination) && !str(body.AccountAliasCombination)) return error('INV_NO_ACCOUNT', `A ${typeName} needs an account.`);
    const day = dayOf(body.TransactionDate);
    if (!day) return error('INV_INVALID_DATE', 'The transaction date is not valid.');
    if (this.state.isClosed(day)) return error('INV_PERIOD_CLOSED', `The inventory accounting period for ${day.slice(0, 7)} is closed.`);
    const organization = str(body.OrganizationCode);
    const item = str(body.ItemNumber);
    const subinventory = str(body.SubinventoryCode);
    const lots = Array.isArray(body.lots) ? (body.lots as Row[]) : [];
    const lot = lots.length ? str(lots[0].LotNumber) : '';
    const onhand = this.state.onhandOf(organization, item, subinventory, lot);
    if (onhand + quantity < 0) return error('INV_NO_ONHAND', `The quantity ${-quantity} exceeds the available on-hand quantity ${onhand} of item ${item} in subinventory ${subinventory}.`);
    const uom = str(body.TransactionUnitOfMeasure);
    this.state.setOnhand({ organization, item, subinventory, lot, uom, quantity: Math.round((onhand + quantity) * 1000) / 1000 });
    const id = this.state.next('transaction');
    this.state.data.transactions.push({
      id,
      organization,
      item,
      subinventory,
      lot,
      quantity,
      uom,
      typeCode: typeName,
      typeName,
      workOrder: '',
      operationSeq: 0,
      transactionReference: str(body[st.referenceField]),
      sourceHeaderReference: '',
      sourceLineReference: str(body.SourceLineId),
      transactionDate: str(body.TransactionDate),
      createdAt: this.state.now().toISOString(),
    });
    this.state.record('STAGED_TRANSACTION', str(body[st.referenceField]), [String(id)]);
    this.state.persist();
    return { ok: true, value: { ...body, TransactionInterfaceId: interfaceId, ProcessStatus: '7', ErrorCode: null, ErrorExplanation: null } };
  }

  // ───────────── operation transactions ─────────────

  operationRow(o: OracleSimState['data']['operationTransactions'][number]): Row {
    return {
      OperationTransactionId: o.id,
      OrganizationCode: o.organization,
      WorkOrderNumber: o.workOrder,
      OperationSequenceNumber: o.seq,
      TransactionQuantity: o.quantity,
      ScrapQuantity: o.scrap,
      TransactionUOMCode: o.uom,
      CompleteOperationFlag: o.final ? 'Y' : 'N',
      [this.config.operationTransactions.referenceField]: o.reference,
    };
  }

  visibleOperationTransactions(): OracleSimState['data']['operationTransactions'] {
    return this.state.data.operationTransactions.filter((o) => this.visible(o.createdAt));
  }

  postOperationTransactions(body: Row): Outcome<Row> {
    const ot = this.config.operationTransactions;
    const mt = this.config.materialTransactions;
    const unknown = unknownAttribute(body, new Set(['SourceSystemCode', 'SourceSystemType', ot.detailChild]), ot.resource);
    if (unknown) return { ok: false, failure: unknown };
    const details = Array.isArray(body[ot.detailChild]) ? (body[ot.detailChild] as Row[]) : [];
    if (details.length === 0) return fail(400, `Enter at least one ${ot.detailChild}.`, 'SIM-00010');
    const allowed = new Set(['OrganizationCode', 'WorkOrderNumber', 'OperationSequenceNumber', 'TransactionTypeCode', 'TransactionDate', 'TransactionQuantity', 'ScrapQuantity', 'TransactionUOMCode', 'CompleteOperationFlag', ot.referenceField, mt.detailChild]);
    let errors = false;
    const echoed: Row[] = [];
    const ids: string[] = [];
    for (const [index, detail] of details.entries()) {
      const bad = unknownAttribute(detail, allowed, ot.detailChild, `/${ot.detailChild}/${index}`);
      if (bad) return { ok: false, failure: bad };
      const organization = str(detail.OrganizationCode);
      const number = str(detail.WorkOrderNumber);
      const order = this.state.data.workOrders.find((o) => o.number === number && o.organization === organization);
      const day = dayOf(detail.TransactionDate);
      let error: string | null = null;
      if (str(detail.TransactionTypeCode) !== ot.transactionType) error = `WIE_INVALID_TXN_TYPE: The transaction type ${str(detail.TransactionTypeCode)} is not valid.`;
      else if (!order) error = `WIE_INVALID_WO: Work order ${number} doesn't exist in organization ${organization}.`;
      else if (this.config.workOrders.unreleasedStatuses.includes(order.status)) error = `WIE_WO_NOT_RELEASED: Work order ${number} isn't released.`;
      else if (!day || this.state.isClosed(day)) error = `INV_PERIOD_CLOSED: The accounting period for ${day?.slice(0, 7) ?? '(no date)'} is closed.`;
      const lines = Array.isArray(detail[mt.detailChild]) ? (detail[mt.detailChild] as Row[]) : [];
      // The backflush lines are checked before any of them moves stock: a confirmation posts whole or not at all.
      if (!error) {
        for (const [lineIndex, line] of lines.entries()) {
          const badLine = unknownAttribute(line, this.detailAttributes(), mt.detailChild, `/${ot.detailChild}/${index}/${mt.detailChild}/${lineIndex}`);
          if (badLine) return { ok: false, failure: badLine };
          const issue = str(line.TransactionTypeCode) === mt.types.GOODS_ISSUE;
          const onhand = this.state.onhandOf(organization, str(line.InventoryItemNumber), str(line.SubinventoryCode), '');
          if (issue && onhand < num(line.TransactionQuantity)) {
            error = `INV_NO_ONHAND: The quantity ${num(line.TransactionQuantity)} exceeds the available on-hand quantity ${onhand} of item ${str(line.InventoryItemNumber)}.`;
            break;
          }
        }
      }
      if (error) {
        errors = true;
        echoed.push({ ...detail, ErrorsExistFlag: 'true', ErrorMessage: error });
        continue;
      }
      const echoedLines = lines.map((line) => {
        const applied = this.applyLine(line, organization);
        return applied.error ? { ...line, ErrorsExistFlag: 'true', ErrorMessage: applied.error } : { ...line, InvTransactionId: applied.id };
      });
      const id = this.state.next('operation');
      this.state.data.operationTransactions.push({
        id,
        organization,
        workOrder: number,
        seq: num(detail.OperationSequenceNumber) || 0,
        quantity: num(detail.TransactionQuantity) || 0,
        scrap: num(detail.ScrapQuantity) || 0,
        uom: str(detail.TransactionUOMCode),
        final: str(detail.CompleteOperationFlag) === 'Y',
        reference: str(detail[ot.referenceField]),
        createdAt: this.state.now().toISOString(),
      });
      ids.push(String(id));
      echoed.push({ ...detail, OperationTransactionId: id, ErrorsExistFlag: 'false', [mt.detailChild]: echoedLines });
    }
    if (ids.length > 0) this.state.record('OPERATION_TRANSACTION', str(details[0][ot.referenceField]), ids);
    this.state.persist();
    return { ok: true, value: { ...body, ErrorsExistFlag: errors ? 'true' : 'false', [ot.detailChild]: echoed } };
  }

  // ───────────── quality issues ─────────────

  qualityRow(q: OracleSimState['data']['qualityIssues'][number]): Row {
    return { ...q.values, [this.config.qualityIssues.numberField]: q.number, [this.config.qualityIssues.referenceField]: q.reference };
  }

  qualityAttributes(): Set<string> {
    const q = this.config.qualityIssues;
    return new Set([q.numberField, q.referenceField, ...Object.values(q.fields)]);
  }

  visibleQualityIssues(): OracleSimState['data']['qualityIssues'] {
    return this.state.data.qualityIssues.filter((q) => this.visible(q.createdAt));
  }

  postQualityIssue(body: Row): Outcome<Row> {
    const q = this.config.qualityIssues;
    const allowed = this.qualityAttributes();
    allowed.delete(q.numberField);
    const unknown = unknownAttribute(body, allowed, q.resource);
    if (unknown) return { ok: false, failure: unknown };
    for (const required of [q.fields.name, q.fields.item, q.fields.organization]) {
      if (!str(body[required])) return fail(400, `The attribute ${required} is required.`, 'QA-00010', `/${required}`);
    }
    const number = `QI${this.state.next('quality')}`;
    const { [q.referenceField]: reference, ...values } = body;
    this.state.data.qualityIssues.push({ number, organization: str(body[q.fields.organization]), reference: str(reference), values, createdAt: this.state.now().toISOString() });
    this.state.record('QUALITY_ISSUE', str(reference), [number]);
    this.state.persist();
    return { ok: true, value: { ...body, [q.numberField]: number } };
  }

  // ───────────── master data ─────────────

  structureRow(s: OracleSimState['data']['structures'][number], frameworkVersion: number): Row {
    const b = this.config.boms;
    return {
      [b.itemField]: s.item,
      [b.organizationField]: s.organization,
      [b.structureNameField]: s.name,
      [b.componentChild]: children(
        s.components.map((c) => ({
          [b.componentItemField]: c.item,
          [b.componentSequenceField]: c.seq,
          [b.componentQuantityField]: c.quantity,
          [b.componentUomField]: c.uom,
          [b.substituteChild]: children(
            c.substitutes.map((sub) => ({ [b.substituteItemField]: sub.item, [b.substituteQuantityField]: sub.quantity, [b.substitutePriorityField]: sub.priority })),
            frameworkVersion,
          ),
        })),
        frameworkVersion,
      ),
    };
  }

  onhandRow(r: OracleSimState['data']['onhand'][number]): Row {
    const o = this.config.onhand;
    return { [o.itemField]: r.item, [o.organizationField]: r.organization, [o.subinventoryField]: r.subinventory, [o.lotField]: r.lot || null, [o.quantityField]: r.quantity, [o.uomField]: r.uom };
  }

  // ───────────── journals (FBDI) ─────────────

  batchRow(b: OracleSimState['data']['journalBatches'][number]): Row {
    const j = this.config.journals;
    return { [j.batchIdField]: b.id, [j.batchNameField]: b.name, LedgerId: b.ledgerId, Status: 'U', GroupId: b.groupId };
  }

  visibleBatches(): OracleSimState['data']['journalBatches'] {
    return this.state.data.journalBatches.filter((b) => this.visible(b.createdAt));
  }

  importBulkData(body: Row): Outcome<Row> {
    const ei = this.config.erpIntegrations;
    const allowed = new Set(['OperationName', 'DocumentContent', 'ContentType', 'FileName', 'DocumentAccount', 'JobName', 'ParameterList', 'CallbackURL', 'NotificationCode', 'JobOptions']);
    const unknown = unknownAttribute(body, allowed, ei.resource);
    if (unknown) return { ok: false, failure: unknown };
    if (str(body.OperationName) !== 'importBulkData') return fail(400, `The simulator supports only OperationName importBulkData, not ${str(body.OperationName)}.`, 'SIM-00020');
    // A wrong account or job name does not fail the call: the pod answers ReqstId -1.
    if (str(body.DocumentAccount) !== ei.documentAccount || str(body.JobName) !== ei.jobName) return { ok: true, value: { ...body, DocumentContent: null, ReqstId: '-1' } };
    let rows: Record<string, string>[];
    try {
      const entries = readZip(Buffer.from(str(body.DocumentContent), 'base64'));
      const csv = entries.find((e) => /^GlInterface\.csv$/i.test(e.name));
      if (!csv) return fail(400, 'The zip holds no GlInterface.csv.', 'SIM-00021');
      rows = parseGlInterfaceCsv(csv.data.toString('utf8'));
    } catch (error) {
      return fail(400, `DocumentContent is not a readable zip: ${error instanceof Error ? error.message : 'unknown'}`, 'SIM-00022');
    }
    const requestId = this.state.next('ess');
    const submitted = this.state.now();
    this.state.data.essJobs.push({
      requestId,
      status: 'RUNNING',
      submittedAt: submitted.toISOString(),
      completesAt: new Date(submitted.getTime() + this.essDelayMs()).toISOString(),
      fileName: str(body.FileName),
      rows,
      parameterList: str(body.ParameterList),
      message: '',
    });
    this.state.persist();
    this.runDueJobs();
    return { ok: true, value: { ...body, DocumentContent: null, ReqstId: String(requestId) } };
  }

  /** Journal Import: finishes the jobs whose time has come (checked on every request, so no timers). */
  runDueJobs(): void {
    const now = this.state.now().getTime();
    let changed = false;
    for (const job of this.state.data.essJobs) {
      if (job.status !== 'RUNNING' || Date.parse(job.completesAt) > now) continue;
      changed = true;
      const [, source, ledgerId, groupId] = job.parameterList.split(',');
      const rows = job.rows.filter((r) => r.USER_JE_SOURCE_NAME === source && (groupId === 'ALL' || r.GROUP_ID === groupId));
      const cents = (v: string) => (v ? Math.round(Number(v) * 100) : 0);
      const debit = rows.reduce((s, r) => s + cents(r.ENTERED_DR), 0);
      const credit = rows.reduce((s, r) => s + cents(r.ENTERED_CR), 0);
      const day = (rows[0]?.ACCOUNTING_DATE ?? '').replace(/\//g, '-');
      if (rows.length === 0) {
        job.status = 'ERROR';
        job.message = 'No rows for this source and group in GL_INTERFACE';
      } else if (debit !== credit) {
        job.status = 'ERROR';
        job.message = `The journal is unbalanced: debits ${(debit / 100).toFixed(2)}, credits ${(credit / 100).toFixed(2)}`;
      } else if (this.state.isClosed(day)) {
        job.status = 'ERROR';
        job.message = `The period for ${day} is not open`;
      } else if (ledgerId && rows.some((r) => r.LEDGER_ID !== ledgerId)) {
        job.status = 'ERROR';
        job.message = 'LEDGER_ID of the rows differs from the ledger parameter';
      } else {
        const id = this.state.next('batch');
        const reference = rows[0].REFERENCE1 ?? '';
        this.state.data.journalBatches.push({
          id,
          name: reference ? `${reference} ${job.requestId}` : `${source} ${job.requestId}`,
          ledgerId: rows[0].LEDGER_ID ?? '',
          groupId: rows[0].GROUP_ID ?? '',
          reference,
          requestId: job.requestId,
          lines: rows,
          createdAt: this.state.now().toISOString(),
        });
        this.state.record('JOURNAL_BATCH', reference, [String(id)]);
        job.status = 'SUCCEEDED';
      }
    }
    if (changed) this.state.persist();
  }

  essStatus(requestId: string): Row | null {
    this.runDueJobs();
    const job = this.state.data.essJobs.find((j) => String(j.requestId) === requestId);
    return job ? { RequestId: job.requestId, RequestStatus: job.status } : null;
  }
}
