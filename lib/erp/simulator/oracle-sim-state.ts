// The Oracle simulator's books: work orders (with an ETag version),
// on-hand balances per organisation/item/subinventory/lot, completed
// inventory transactions, operation transactions, quality issues, item
// structures, journal batches and the ESS jobs that import them, closed
// periods. Postings are recorded with their business reference so a test
// can prove exactly-once. Optional JSON state file, written atomically.
import { z } from 'zod';
import { readSimStateFile, writeSimStateFile } from './sim-state-file';

const workOrderSchema = z.object({
  id: z.number(),
  number: z.string(),
  organization: z.string(),
  item: z.string(),
  quantity: z.number(),
  uom: z.string(),
  status: z.string(),
  plannedStart: z.string(),
  plannedCompletion: z.string(),
  version: z.number(),
  operations: z.array(z.object({ seq: z.number(), workCenter: z.string() })),
  materials: z.array(z.object({ id: z.number(), item: z.string(), quantity: z.number(), uom: z.string(), subinventory: z.string(), operationSeq: z.number() })),
  createdAt: z.string(),
});

const onhandSchema = z.object({ organization: z.string(), item: z.string(), subinventory: z.string(), lot: z.string(), uom: z.string(), quantity: z.number() });

const transactionSchema = z.object({
  id: z.number(),
  organization: z.string(),
  item: z.string(),
  subinventory: z.string(),
  lot: z.string(),
  quantity: z.number(),
  uom: z.string(),
  typeCode: z.string(),
  typeName: z.string(),
  workOrder: z.string(),
  operationSeq: z.number(),
  transactionReference: z.string(),
  sourceHeaderReference: z.string(),
  sourceLineReference: z.string(),
  transactionDate: z.string(),
  createdAt: z.string(),
});

const operationTransactionSchema = z.object({
  id: z.number(),
  organization: z.string(),
  workOrder: z.string(),
  seq: z.number(),
  quantity: z.number(),
  scrap: z.number(),
  uom: z.string(),
  final: z.boolean(),
  reference: z.string(),
  createdAt: z.string(),
});

const qualityIssueSchema = z.object({ number: z.string(), organization: z.string(), reference: z.string(), values: z.record(z.string(), z.unknown()), createdAt: z.string() });

const journalBatchSchema = z.object({
  id: z.number(),
  name: z.string(),
  ledgerId: z.string(),
  groupId: z.string(),
  reference: z.string(),
  requestId: z.number(),
  lines: z.array(z.record(z.string(), z.string())),
  createdAt: z.string(),
});

const essJobSchema = z.object({
  requestId: z.number(),
  status: z.string(),
  submittedAt: z.string(),
  completesAt: z.string(),
  fileName: z.string(),
  rows: z.array(z.record(z.string(), z.string())),
  parameterList: z.string(),
  message: z.string(),
});

const structureSchema = z.object({
  item: z.string(),
  organization: z.string(),
  name: z.string(),
  components: z.array(z.object({ seq: z.number(), item: z.string(), quantity: z.number(), uom: z.string(), substitutes: z.array(z.object({ item: z.string(), quantity: z.number(), priority: z.number() })) })),
});

const postingSchema = z.object({ type: z.string(), reference: z.string(), ids: z.array(z.string()), at: z.string() });

const persistedSchema = z.object({
  version: z.literal(1),
  workOrders: z.array(workOrderSchema),
  onhand: z.array(onhandSchema),
  transactions: z.array(transactionSchema),
  operationTransactions: z.array(operationTransactionSchema),
  qualityIssues: z.array(qualityIssueSchema),
  journalBatches: z.array(journalBatchSchema),
  essJobs: z.array(essJobSchema),
  structures: z.array(structureSchema),
  postings: z.array(postingSchema),
  closedPeriods: z.array(z.string()),
  counters: z.object({ workOrder: z.number(), material: z.number(), transaction: z.number(), interface: z.number(), operation: z.number(), quality: z.number(), batch: z.number(), ess: z.number() }),
});

export type OracleSimWorkOrder = z.infer<typeof workOrderSchema>;
export type OracleSimOnhand = z.infer<typeof onhandSchema>;
export type OracleSimTransaction = z.infer<typeof transactionSchema>;
export type OracleSimOperationTransaction = z.infer<typeof operationTransactionSchema>;
export type OracleSimQualityIssue = z.infer<typeof qualityIssueSchema>;
export type OracleSimJournalBatch = z.infer<typeof journalBatchSchema>;
export type OracleSimEssJob = z.infer<typeof essJobSchema>;
export type OracleSimStructure = z.infer<typeof structureSchema>;
type Persisted = z.infer<typeof persistedSchema>;

export interface OracleSimStats {
  calls: Record<string, number>;
  /** Status changes to released, per work order number: exactly-once shows as 1. */
  releases: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
}

export interface OracleDocumentStats {
  total: number;
  byReference: Record<string, number>;
  withoutReference: number;
  byType: Record<string, number>;
}

function empty(): Persisted {
  return {
    version: 1,
    workOrders: [],
    onhand: [],
    transactions: [],
    operationTransactions: [],
    qualityIssues: [],
    journalBatches: [],
    essJobs: [],
    structures: [],
    postings: [],
    closedPeriods: [],
    counters: { workOrder: 300100000000001, material: 300100500000001, transaction: 7000001, interface: 9000001, operation: 8000001, quality: 1001, batch: 3001, ess: 500001 },
  };
}

export class OracleSimState {
  data: Persisted = empty();
  stats: OracleSimStats = { calls: {}, releases: {}, inFlight: 0, maxInFlight: 0 };

  constructor(
    readonly now: () => Date,
    private readonly stateFile?: string,
  ) {
    const stored = stateFile ? readSimStateFile(stateFile, persistedSchema, 'Oracle simulator') : undefined;
    if (stored) this.data = stored;
  }

  persist(): void {
    if (!this.stateFile) return;
    writeSimStateFile(this.stateFile, this.data);
  }

  next(counter: keyof Persisted['counters']): number {
    const value = this.data.counters[counter];
    this.data.counters[counter] += 1;
    return value;
  }

  count(kind: string): void {
    this.stats.calls[kind] = (this.stats.calls[kind] ?? 0) + 1;
  }

  enter(): void {
    this.stats.inFlight += 1;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.stats.inFlight);
  }

  leave(): void {
    this.stats.inFlight = Math.max(0, this.stats.inFlight - 1);
  }

  resetStats(): void {
    this.stats = { calls: {}, releases: {}, inFlight: this.stats.inFlight, maxInFlight: this.stats.inFlight };
  }

  /** Drops everything but the number ranges: a number is never handed out twice. */
  reset(): void {
    const counters = this.data.counters;
    this.data = { ...empty(), counters };
    this.resetStats();
    this.persist();
  }

  etag(order: OracleSimWorkOrder): string {
    // ADF ETags are opaque; the simulator's is the row version.
    return `"${order.id}-v${order.version}"`;
  }

  onhandOf(organization: string, item: string, subinventory: string, lot: string): number {
    return this.data.onhand.find((r) => r.organization === organization && r.item === item && r.subinventory === subinventory && r.lot === lot)?.quantity ?? 0;
  }

  setOnhand(row: OracleSimOnhand): void {
    const existing = this.data.onhand.find((r) => r.organization === row.organization && r.item === row.item && r.subinventory === row.subinventory && r.lot === row.lot);
    if (existing) Object.assign(existing, row);
    else this.data.onhand.push({ ...row });
    this.persist();
  }

  isClosed(day: string): boolean {
    return this.data.closedPeriods.includes(day.slice(0, 7));
  }

  record(type: string, reference: string, ids: string[]): void {
    this.data.postings.push({ type, reference, ids, at: this.now().toISOString() });
  }

  documentStats(): OracleDocumentStats {
    const stats: OracleDocumentStats = { total: 0, byReference: {}, withoutReference: 0, byType: {} };
    for (const p of this.data.postings) {
      stats.total += 1;
      stats.byType[p.type] = (stats.byType[p.type] ?? 0) + 1;
      if (p.reference) stats.byReference[p.reference] = (stats.byReference[p.reference] ?? 0) + 1;
      else stats.withoutReference += 1;
    }
    return stats;
  }
}
