// The simulator's books: stock per material/plant/storage location/batch,
// material documents with numbers and years, production confirmations,
// journal entries, quality notifications, BOMs and closed posting periods.
// It refuses what SAP refuses (stock deficits, closed periods, unknown
// orders, cancelling twice) with SAP-shaped messages, and it counts the
// documents per business reference so a test can prove exactly-once.
import { z } from 'zod';

export interface SimMessage {
  code: string;
  message: string;
}

/** A refusal: the HTTP status, the top-level (wrapper) code and text, and the detail that says why. */
export interface SimFailure {
  status: number;
  code: string;
  message: string;
  details: SimMessage[];
}

export type SimResult<T> = { ok: true; value: T } | { ok: false; failure: SimFailure };

const stockRowSchema = z.object({
  material: z.string(),
  plant: z.string(),
  storageLocation: z.string(),
  batch: z.string(),
  unit: z.string(),
  quantity: z.number(),
});

const matDocItemSchema = z.object({
  item: z.string(),
  material: z.string(),
  plant: z.string(),
  storageLocation: z.string(),
  batch: z.string(),
  movementType: z.string(),
  quantity: z.number(),
  unit: z.string(),
  order: z.string(),
  orderItem: z.string(),
  refDocType: z.string(),
  reservation: z.string(),
  reservationItem: z.string(),
  finallyIssued: z.boolean(),
  costCenter: z.string(),
  reasonCode: z.string(),
  deliveryCompleted: z.boolean(),
  text: z.string(),
  cancelled: z.boolean(),
  reversedYear: z.string(),
  reversedDocument: z.string(),
  reversedItem: z.string(),
});

const matDocSchema = z.object({
  year: z.string(),
  number: z.string(),
  headerText: z.string(),
  goodsMovementCode: z.string(),
  postingDate: z.string(),
  documentDate: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** api: POST A_MaterialDocumentHeader; confirmation: backflush of a confirmation; cancel: a reversal. */
  source: z.enum(['api', 'confirmation', 'cancel']),
  items: z.array(matDocItemSchema),
});

const confirmationSchema = z.object({
  group: z.string(),
  count: z.string(),
  order: z.string(),
  operation: z.string(),
  plant: z.string(),
  material: z.string(),
  text: z.string(),
  yieldQuantity: z.number(),
  scrapQuantity: z.number(),
  unit: z.string(),
  finalType: z.string(),
  postingDate: z.string(),
  workCenter: z.string(),
  externalGuid: z.string(),
  reversed: z.boolean(),
  reversal: z.boolean(),
  createdAt: z.string(),
  materialDocument: z.object({ year: z.string(), number: z.string() }).nullable(),
});

const journalLineSchema = z.object({
  item: z.string(),
  glAccount: z.string(),
  amount: z.number(),
  debitCredit: z.enum(['S', 'H']),
  costCenter: z.string(),
  profitCenter: z.string(),
  order: z.string(),
  text: z.string(),
});

const journalSchema = z.object({
  companyCode: z.string(),
  fiscalYear: z.string(),
  number: z.string(),
  headerText: z.string(),
  referenceId: z.string(),
  currency: z.string(),
  documentDate: z.string(),
  postingDate: z.string(),
  createdAt: z.string(),
  lines: z.array(journalLineSchema),
});

const qualityNotificationSchema = z.object({
  number: z.string(),
  reference: z.string(),
  plant: z.string(),
  createdAt: z.string(),
  /** The header as sent (configurable field names), plus the number. */
  values: z.record(z.string(), z.unknown()),
  items: z.array(z.record(z.string(), z.unknown())),
});

const bomItemSchema = z.object({
  itemNo: z.string(),
  component: z.string(),
  quantity: z.number(),
  unit: z.string(),
  description: z.string(),
  alternativeGroup: z.string(),
  alternativePriority: z.string(),
  usageProbability: z.number(),
});

const bomSchema = z.object({
  bom: z.string(),
  material: z.string(),
  plant: z.string(),
  variant: z.string(),
  description: z.string(),
  baseQuantity: z.number(),
  baseUnit: z.string(),
  items: z.array(bomItemSchema),
});

export const ledgerSnapshotSchema = z.object({
  stock: z.array(stockRowSchema),
  materialDocuments: z.array(matDocSchema),
  confirmations: z.array(confirmationSchema),
  journalEntries: z.array(journalSchema),
  qualityNotifications: z.array(qualityNotificationSchema),
  boms: z.array(bomSchema),
  closedPeriods: z.array(z.string()),
  counters: z.object({ materialDocument: z.number(), confirmationGroup: z.number(), journal: z.number(), qualityNotification: z.number(), bom: z.number() }),
});

export type LedgerSnapshot = z.infer<typeof ledgerSnapshotSchema>;
export type SimStockRow = z.infer<typeof stockRowSchema>;
export type SimMaterialDocument = z.infer<typeof matDocSchema>;
export type SimMaterialDocumentItem = z.infer<typeof matDocItemSchema>;
export type SimConfirmation = z.infer<typeof confirmationSchema>;
export type SimJournalEntry = z.infer<typeof journalSchema>;
export type SimJournalLine = z.infer<typeof journalLineSchema>;
export type SimQualityNotification = z.infer<typeof qualityNotificationSchema>;
export type SimBom = z.infer<typeof bomSchema>;
export type SimBomItem = z.infer<typeof bomItemSchema>;

/** How each movement type moves stock: +1 into stock, -1 out of it. */
export const STOCK_DIRECTION: Record<string, 1 | -1> = { '101': 1, '261': -1, '262': 1, '551': -1, '201': -1, '501': 1, '102': -1, '552': 1, '202': 1, '502': -1 };
/** The movement a cancel posts for each movement type. */
const REVERSAL_TYPE: Record<string, string> = { '101': '102', '261': '262', '262': '261', '551': '552', '201': '202', '501': '502' };

const FIRST_MATERIAL_DOCUMENT = 4_900_000_000;
const FIRST_CONFIRMATION_GROUP = 1_000_000;
const FIRST_JOURNAL = 100_000_000;
const FIRST_QUALITY_NOTIFICATION = 200_000_000;

function empty(): LedgerSnapshot {
  return {
    stock: [],
    materialDocuments: [],
    confirmations: [],
    journalEntries: [],
    qualityNotifications: [],
    boms: [],
    closedPeriods: [],
    counters: { materialDocument: FIRST_MATERIAL_DOCUMENT, confirmationGroup: FIRST_CONFIRMATION_GROUP, journal: FIRST_JOURNAL, qualityNotification: FIRST_QUALITY_NOTIFICATION, bom: 1 },
  };
}

export interface NewMaterialDocumentItem {
  material: string;
  plant: string;
  storageLocation: string;
  batch?: string;
  movementType: string;
  quantity: number;
  unit: string;
  order?: string;
  orderItem?: string;
  refDocType?: string;
  reservation?: string;
  reservationItem?: string;
  finallyIssued?: boolean;
  costCenter?: string;
  reasonCode?: string;
  deliveryCompleted?: boolean;
  text?: string;
}

export interface NewMaterialDocument {
  headerText: string;
  goodsMovementCode: string;
  postingDate: string;
  documentDate: string;
  createdBy: string;
  items: NewMaterialDocumentItem[];
}

export interface DocumentStats {
  total: number;
  /** Documents per business reference (material document header text, confirmation text's first word, journal header text, notification reference). */
  byReference: Record<string, number>;
  /** Documents created without a reference: none should exist when every post carries one. */
  withoutReference: number;
  byType: Record<string, number>;
  /** Reversals per reversed material document ("number/year"): more than one would be a double cancel. */
  reversalsByDocument: Record<string, number>;
}

/** The period key of a posting date ("2025-06-30" → "2025-06"). */
export function periodOf(day: string): string {
  return day.slice(0, 7);
}

function key(row: { material: string; plant: string; storageLocation: string; batch: string }): string {
  return `${row.material}|${row.plant}|${row.storageLocation}|${row.batch}`;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export class SapSimLedger {
  private data: LedgerSnapshot = empty();

  constructor(
    private readonly now: () => Date,
    private readonly onChange: () => void,
    /** Orders as the order side holds them: existence and plant. */
    private readonly orderInfo: (order: string) => { plant: string; material: string; unit: string } | undefined,
  ) {}

  load(snapshot: LedgerSnapshot): void {
    this.data = structuredClone(snapshot);
  }

  snapshot(): LedgerSnapshot {
    return this.data;
  }

  get isEmpty(): boolean {
    return this.data.stock.length === 0 && this.data.boms.length === 0 && this.data.materialDocuments.length === 0;
  }

  /** Drops documents, stock, BOMs and periods. Number ranges keep counting: a number is never reused. */
  reset(): void {
    const counters = this.data.counters;
    this.data = { ...empty(), counters };
    this.onChange();
  }

  // ───────────── stock ─────────────

  listStock(): SimStockRow[] {
    return this.data.stock;
  }

  stockOf(material: string, plant: string, storageLocation: string, batch = ''): number {
    return this.data.stock.find((r) => key(r) === key({ material, plant, storageLocation, batch }))?.quantity ?? 0;
  }

  setStock(row: { material: string; plant: string; storageLocation: string; batch?: string; unit: string; quantity: number }): SimStockRow {
    const full = { ...row, batch: row.batch ?? '' };
    const existing = this.data.stock.find((r) => key(r) === key(full));
    if (existing) {
      existing.quantity = row.quantity;
      existing.unit = row.unit;
    } else {
      this.data.stock.push({ ...full });
    }
    this.onChange();
    return this.data.stock.find((r) => key(r) === key(full)) as SimStockRow;
  }

  /** Applies stock deltas all or nothing; the first deficit refuses the lot. */
  private applyStock(deltas: { material: string; plant: string; storageLocation: string; batch: string; unit: string; delta: number }[]): SimFailure | null {
    const after = new Map<string, number>();
    for (const d of deltas) {
      const k = key(d);
      const current = after.get(k) ?? this.stockOf(d.material, d.plant, d.storageLocation, d.batch);
      const next = round3(current + d.delta);
      if (next < 0) {
        const missing = round3(-next);
        return {
          status: 400,
          code: 'MM_IM_ODATA_API_MDOC/014',
          message: 'Material Document processing failed',
          details: [{ code: 'M7/021', message: `Deficit of SL Unrestricted-use ${missing} ${d.unit} : ${d.material} ${d.plant} ${d.storageLocation}${d.batch ? ` ${d.batch}` : ''}` }],
        };
      }
      after.set(k, next);
    }
    for (const d of deltas) {
      const k = key(d);
      const existing = this.data.stock.find((r) => key(r) === k);
      if (existing) existing.quantity = after.get(k) ?? existing.quantity;
      else this.data.stock.push({ material: d.material, plant: d.plant, storageLocation: d.storageLocation, batch: d.batch, unit: d.unit, quantity: after.get(k) ?? 0 });
    }
    return null;
  }

  // ───────────── periods ─────────────

  closePeriods(periods: string[]): void {
    for (const p of periods) if (!this.data.closedPeriods.includes(p)) this.data.closedPeriods.push(p);
    this.onChange();
  }

  openPeriods(periods: string[]): void {
    this.data.closedPeriods = this.data.closedPeriods.filter((p) => !periods.includes(p));
    this.onChange();
  }

  get closedPeriods(): string[] {
    return [...this.data.closedPeriods];
  }

  isClosed(day: string): boolean {
    return this.data.closedPeriods.includes(periodOf(day));
  }

  private openPeriodsText(plant: string, day: string): string {
    // SAP names the open periods; the simulator says the current and the previous month.
    const now = this.now();
    const current = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const previous = `${prev.getUTCFullYear()}/${String(prev.getUTCMonth() + 1).padStart(2, '0')}`;
    return `Posting only possible in periods ${current} and ${previous} in company code ${plant} (posting date ${day})`;
  }

  // ───────────── material documents ─────────────

  listMaterialDocuments(): SimMaterialDocument[] {
    return this.data.materialDocuments;
  }

  getMaterialDocument(year: string, number: string): SimMaterialDocument | undefined {
    return this.data.materialDocuments.find((d) => d.year === year && d.number === number);
  }

  postMaterialDocument(input: NewMaterialDocument, source: 'api' | 'confirmation' = 'api'): SimResult<SimMaterialDocument> {
    const wrap = (code: string, message: string): SimResult<SimMaterialDocument> => ({
      ok: false,
      failure: { status: 400, code: 'MM_IM_ODATA_API_MDOC/014', message: 'Material Document processing failed', details: [{ code, message }] },
    });
    if (input.items.length === 0) return wrap('MM_IM_ODATA_API_MDOC/001', 'Enter at least one item');
    const plant = input.items[0].plant;
    if (this.isClosed(input.postingDate)) return wrap('M7/053', this.openPeriodsText(plant, input.postingDate));
    for (const item of input.items) {
      if (STOCK_DIRECTION[item.movementType] === undefined) return wrap('M7/032', `Movement type ${item.movementType} is not simulated`);
      if (item.order) {
        const order = this.orderInfo(item.order);
        if (!order || order.plant !== item.plant) return wrap('C6/010', `Order ${item.order} does not exist in plant ${item.plant}`);
        if (item.movementType === '101' && order.material !== item.material) return wrap('M7/102', `Material ${item.material} is not the material of order ${item.order}`);
      }
      if (!(item.quantity > 0)) return wrap('M7/005', 'Enter a quantity greater than zero');
    }
    const failure = this.applyStock(
      input.items.map((i) => ({ material: i.material, plant: i.plant, storageLocation: i.storageLocation, batch: i.batch ?? '', unit: i.unit, delta: STOCK_DIRECTION[i.movementType] * i.quantity })),
    );
    if (failure) return { ok: false, failure };
    const doc = this.addMaterialDocument(input, source);
    this.onChange();
    return { ok: true, value: doc };
  }

  private addMaterialDocument(input: NewMaterialDocument, source: SimMaterialDocument['source'], reversal?: SimMaterialDocument): SimMaterialDocument {
    const number = String(this.data.counters.materialDocument);
    this.data.counters.materialDocument += 1;
    const doc: SimMaterialDocument = {
      year: input.postingDate.slice(0, 4),
      number,
      headerText: input.headerText,
      goodsMovementCode: input.goodsMovementCode,
      postingDate: input.postingDate,
      documentDate: input.documentDate,
      createdAt: this.now().toISOString(),
      createdBy: input.createdBy,
      source,
      items: input.items.map((i, index) => ({
        item: String(index + 1).padStart(4, '0'),
        material: i.material,
        plant: i.plant,
        storageLocation: i.storageLocation,
        batch: i.batch ?? '',
        movementType: i.movementType,
        quantity: i.quantity,
        unit: i.unit,
        order: i.order ?? '',
        orderItem: i.orderItem ?? '',
        refDocType: i.refDocType ?? '',
        reservation: i.reservation ?? '',
        reservationItem: i.reservationItem ?? '',
        finallyIssued: i.finallyIssued ?? false,
        costCenter: i.costCenter ?? '',
        reasonCode: i.reasonCode ?? '',
        deliveryCompleted: i.deliveryCompleted ?? false,
        text: i.text ?? '',
        cancelled: false,
        reversedYear: reversal?.year ?? '',
        reversedDocument: reversal?.number ?? '',
        reversedItem: reversal ? String(index + 1).padStart(4, '0') : '',
      })),
    };
    this.data.materialDocuments.push(doc);
    return doc;
  }

  /** The reversal of a whole material document (SAP's Cancel function import). */
  cancelMaterialDocument(year: string, number: string, postingDate: string, createdBy: string): SimResult<SimMaterialDocument> {
    const wrap = (status: number, code: string, message: string): SimResult<SimMaterialDocument> => ({
      ok: false,
      failure: { status, code: 'MM_IM_ODATA_API_MDOC/014', message: 'Material Document processing failed', details: [{ code, message }] },
    });
    const original = this.getMaterialDocument(year, number);
    if (!original) return wrap(404, 'M7/081', `Material document ${number} ${year} does not exist`);
    if (original.source === 'cancel') return wrap(400, 'M7/163', `Material document ${number} ${year} is itself a reversal and cannot be cancelled`);
    if (original.items.every((i) => i.cancelled)) return wrap(400, 'M7/162', `Material document ${number} ${year} has already been cancelled`);
    const plant = original.items[0]?.plant ?? '';
    if (this.isClosed(postingDate)) return wrap(400, 'M7/053', this.openPeriodsText(plant, postingDate));
    const items = original.items.filter((i) => !i.cancelled);
    const input: NewMaterialDocument = {
      headerText: original.headerText,
      goodsMovementCode: '06',
      postingDate,
      documentDate: postingDate,
      createdBy,
      items: items.map((i) => ({
        material: i.material,
        plant: i.plant,
        storageLocation: i.storageLocation,
        batch: i.batch,
        movementType: REVERSAL_TYPE[i.movementType] ?? i.movementType,
        quantity: i.quantity,
        unit: i.unit,
        order: i.order,
        orderItem: i.orderItem,
        costCenter: i.costCenter,
      })),
    };
    const failure = this.applyStock(input.items.map((i) => ({ material: i.material, plant: i.plant, storageLocation: i.storageLocation, batch: i.batch ?? '', unit: i.unit, delta: STOCK_DIRECTION[i.movementType] * i.quantity })));
    if (failure) return { ok: false, failure };
    for (const i of items) i.cancelled = true;
    const doc = this.addMaterialDocument({ ...input, headerText: '' }, 'cancel', original);
    this.onChange();
    return { ok: true, value: doc };
  }

  // ───────────── confirmations ─────────────

  listConfirmations(): SimConfirmation[] {
    return this.data.confirmations;
  }

  getConfirmation(group: string, count: string): SimConfirmation | undefined {
    return this.data.confirmations.find((c) => c.group === group && c.count === count);
  }

  postConfirmation(input: {
    order: string;
    operation: string;
    text: string;
    yieldQuantity: number;
    scrapQuantity: number;
    unit: string;
    finalType: string;
    postingDate: string;
    workCenter: string;
    externalGuid: string;
    createdBy: string;
    items: NewMaterialDocumentItem[];
  }): SimResult<SimConfirmation> {
    const wrap = (code: string, message: string): SimResult<SimConfirmation> => ({
      ok: false,
      failure: { status: 400, code: 'RU/000', message: 'Confirmation could not be posted', details: [{ code, message }] },
    });
    const order = this.orderInfo(input.order);
    if (!order) return wrap('RU/101', `Order ${input.order} does not exist`);
    if (this.isClosed(input.postingDate)) return wrap('M7/053', this.openPeriodsText(order.plant, input.postingDate));
    let materialDocument: SimMaterialDocument | null = null;
    if (input.items.length > 0) {
      const posted = this.postMaterialDocument(
        { headerText: '', goodsMovementCode: '02', postingDate: input.postingDate, documentDate: input.postingDate, createdBy: input.createdBy, items: input.items.map((i) => ({ ...i, order: input.order })) },
        'confirmation',
      );
      if (!posted.ok) return { ok: false, failure: { ...posted.failure, code: 'RU/000', message: 'Confirmation could not be posted' } };
      materialDocument = posted.value;
    }
    const existing = this.data.confirmations.find((c) => c.order === input.order);
    const group = existing?.group ?? String(this.data.counters.confirmationGroup++);
    const count = String(this.data.confirmations.filter((c) => c.group === group).length + 1).padStart(8, '0');
    const confirmation: SimConfirmation = {
      group,
      count,
      order: input.order,
      operation: input.operation,
      plant: order.plant,
      material: order.material,
      text: input.text,
      yieldQuantity: input.yieldQuantity,
      scrapQuantity: input.scrapQuantity,
      unit: input.unit,
      finalType: input.finalType,
      postingDate: input.postingDate,
      workCenter: input.workCenter,
      externalGuid: input.externalGuid.toLowerCase(),
      reversed: false,
      reversal: false,
      createdAt: this.now().toISOString(),
      materialDocument: materialDocument ? { year: materialDocument.year, number: materialDocument.number } : null,
    };
    this.data.confirmations.push(confirmation);
    this.onChange();
    return { ok: true, value: confirmation };
  }

  cancelConfirmation(group: string, count: string, postingDate: string, createdBy: string): SimResult<SimConfirmation> {
    const wrap = (status: number, code: string, message: string): SimResult<SimConfirmation> => ({
      ok: false,
      failure: { status, code: 'RU/000', message: 'Confirmation could not be cancelled', details: [{ code, message }] },
    });
    const original = this.getConfirmation(group, count);
    if (!original) return wrap(404, 'RU/104', `Confirmation ${group}/${count} does not exist`);
    if (original.reversed || original.reversal) return wrap(400, 'RU/142', `Confirmation ${group}/${count} is already cancelled`);
    if (original.materialDocument) {
      const cancelled = this.cancelMaterialDocument(original.materialDocument.year, original.materialDocument.number, postingDate, createdBy);
      if (!cancelled.ok) return { ok: false, failure: cancelled.failure };
    }
    original.reversed = true;
    const reversal: SimConfirmation = {
      ...original,
      count: String(this.data.confirmations.filter((c) => c.group === group).length + 1).padStart(8, '0'),
      reversed: false,
      reversal: true,
      postingDate,
      createdAt: this.now().toISOString(),
      materialDocument: null,
    };
    this.data.confirmations.push(reversal);
    this.onChange();
    return { ok: true, value: reversal };
  }

  // ───────────── journal entries ─────────────

  listJournalEntries(): SimJournalEntry[] {
    return this.data.journalEntries;
  }

  postJournalEntry(input: Omit<SimJournalEntry, 'fiscalYear' | 'number' | 'createdAt'>): SimResult<SimJournalEntry> {
    const wrap = (code: string, message: string): SimResult<SimJournalEntry> => ({ ok: false, failure: { status: 200, code, message, details: [{ code, message }] } });
    if (this.isClosed(input.postingDate)) {
      const [year, month] = input.postingDate.split('-');
      return wrap('F5/201', `Posting period ${month.padStart(3, '0')} ${year} is not open for company code ${input.companyCode}`);
    }
    const balance = Math.round(input.lines.reduce((s, l) => s + l.amount, 0) * 100);
    if (balance !== 0) return wrap('F5/702', `Balance in transaction currency ${input.currency} is not zero: ${(balance / 100).toFixed(2)}`);
    for (const line of input.lines) {
      if ((line.debitCredit === 'S') !== line.amount > 0) return wrap('F5/703', `Item ${line.item}: the sign of the amount does not match debit/credit ${line.debitCredit}`);
    }
    const entry: SimJournalEntry = { ...input, fiscalYear: input.postingDate.slice(0, 4), number: String(this.data.counters.journal++), createdAt: this.now().toISOString() };
    this.data.journalEntries.push(entry);
    this.onChange();
    return { ok: true, value: entry };
  }

  // ───────────── quality notifications ─────────────

  listQualityNotifications(): SimQualityNotification[] {
    return this.data.qualityNotifications;
  }

  createQualityNotification(input: { reference: string; plant: string; values: Record<string, unknown>; items: Record<string, unknown>[] }): SimQualityNotification {
    const notification: SimQualityNotification = { number: String(this.data.counters.qualityNotification++), createdAt: this.now().toISOString(), ...input };
    this.data.qualityNotifications.push(notification);
    this.onChange();
    return notification;
  }

  // ───────────── BOMs ─────────────

  listBoms(): SimBom[] {
    return this.data.boms;
  }

  upsertBom(input: Omit<SimBom, 'bom'>): SimBom {
    const existing = this.data.boms.find((b) => b.material === input.material && b.plant === input.plant && b.variant === input.variant);
    if (existing) {
      Object.assign(existing, input);
      this.onChange();
      return existing;
    }
    const bom: SimBom = { bom: String(this.data.counters.bom++).padStart(8, '0'), ...input };
    this.data.boms.push(bom);
    this.onChange();
    return bom;
  }

  // ───────────── exactly-once evidence ─────────────

  documentStats(): DocumentStats {
    const stats: DocumentStats = { total: 0, byReference: {}, withoutReference: 0, byType: {}, reversalsByDocument: {} };
    const count = (type: string, reference: string) => {
      stats.total += 1;
      stats.byType[type] = (stats.byType[type] ?? 0) + 1;
      if (reference) stats.byReference[reference] = (stats.byReference[reference] ?? 0) + 1;
      else stats.withoutReference += 1;
    };
    for (const doc of this.data.materialDocuments) {
      if (doc.source === 'api') count('MATERIAL_DOCUMENT', doc.headerText);
      else if (doc.source === 'cancel') {
        const reversed = `${doc.items[0]?.reversedDocument}/${doc.items[0]?.reversedYear}`;
        stats.reversalsByDocument[reversed] = (stats.reversalsByDocument[reversed] ?? 0) + 1;
        stats.byType.REVERSAL = (stats.byType.REVERSAL ?? 0) + 1;
      }
      // Backflush documents belong to their confirmation and are counted with it.
    }
    for (const c of this.data.confirmations) if (!c.reversal) count('CONFIRMATION', c.text.split(' ')[0] ?? '');
    for (const j of this.data.journalEntries) count('JOURNAL_ENTRY', j.headerText);
    for (const q of this.data.qualityNotifications) count('QUALITY_NOTIFICATION', q.reference);
    return stats;
  }
}
