// The simulator's business state: production orders as the ERP holds them,
// the counters that number them, and per-process statistics. Orders survive a
// restart through an optional JSON file written atomically after each change.
import { z } from 'zod';
import { formatSapTimestamp } from '@/lib/erp/sap/odata-values';
import { ledgerSnapshotSchema, SapSimLedger } from './sap-sim-ledger';
import { readSimStateFile, writeSimStateFile } from './sim-state-file';

const componentSchema = z.object({
  item: z.string(),
  material: z.string(),
  quantity: z.number(),
  unit: z.string(),
  storageLocation: z.string(),
});

const orderSchema = z.object({
  id: z.string(),
  plant: z.string(),
  material: z.string(),
  quantity: z.number(),
  unit: z.string(),
  workCenter: z.string().nullable(),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  released: z.boolean(),
  releasedAt: z.string().nullable(),
  markedForDeletion: z.boolean(),
  createdAt: z.string(),
  /** LastChangeDateTime, "YYYYMMDDhhmmss" UTC; the ETag is derived from it. */
  lastChange: z.string().regex(/^\d{14}$/),
  reservation: z.string(),
  routing: z.string(),
  components: z.array(componentSchema),
});

const persistedV1Schema = z.object({
  version: z.literal(1),
  nextOrderNumber: z.number().int(),
  nextReservation: z.number().int(),
  orders: z.array(orderSchema),
});

// Version 2 adds the books (stock, documents, BOMs, periods); a version 1 file loads with empty books.
const persistedSchema = z.union([persistedV1Schema, persistedV1Schema.extend({ version: z.literal(2), ledger: ledgerSnapshotSchema })]);

export type SimComponent = z.infer<typeof componentSchema>;
export type SimOrder = z.infer<typeof orderSchema>;

export interface NewSimOrder {
  id?: string;
  plant: string;
  material: string;
  quantity: number;
  unit: string;
  workCenter: string | null;
  plannedStart: Date;
  plannedEnd: Date;
  released?: boolean;
  markedForDeletion?: boolean;
  components: { material: string; quantity: number; unit: string; storageLocation?: string }[];
}

export type ReleaseOutcome =
  | { kind: 'released'; order: SimOrder }
  | { kind: 'already-released'; order: SimOrder }
  | { kind: 'locked'; order: SimOrder }
  | { kind: 'not-found' };

export interface SimStats {
  /** Requests by kind: csrf-fetch, list, get, release, csrf-rejected, auth-rejected, … */
  calls: Record<string, number>;
  /** Actual state changes to released, per order: exactly-once shows as 1. */
  releases: Record<string, number>;
  /** ReleaseOrder calls that reached the order, per order (including no-ops and refusals). */
  releaseCalls: Record<string, number>;
  /** Changes that moved an order (dates, components), per order. */
  orderChanges: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
}

export interface SapSimStateOptions {
  stateFile?: string;
  firstOrderNumber?: number;
  now?: () => Date;
}

const DEFAULT_FIRST_ORDER = 1_000_000;
const FIRST_RESERVATION = 10_000;

function emptyStats(): SimStats {
  return { calls: {}, releases: {}, releaseCalls: {}, orderChanges: {}, inFlight: 0, maxInFlight: 0 };
}

function parseSapTimestamp(value: string): Date {
  const [y, mo, d, h, mi, s] = [value.slice(0, 4), value.slice(4, 6), value.slice(6, 8), value.slice(8, 10), value.slice(10, 12), value.slice(12, 14)].map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

export class SapSimState {
  readonly now: () => Date;
  private readonly stateFile: string | undefined;
  private readonly orders = new Map<string, SimOrder>();
  private readonly locked = new Set<string>();
  private nextOrderNumber: number;
  private nextReservation = FIRST_RESERVATION;
  stats: SimStats = emptyStats();
  /** Stock, material documents, confirmations, journal entries, quality notifications, BOMs. */
  readonly ledger: SapSimLedger;
  private loading = false;

  constructor(options: SapSimStateOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.stateFile = options.stateFile;
    this.nextOrderNumber = options.firstOrderNumber ?? DEFAULT_FIRST_ORDER;
    this.ledger = new SapSimLedger(
      this.now,
      () => this.persist(),
      (id) => {
        const order = this.orders.get(id);
        return order ? { plant: order.plant, material: order.material, unit: order.unit } : undefined;
      },
    );
    if (this.stateFile) this.load(this.stateFile);
  }

  private load(file: string): void {
    const data = readSimStateFile(file, persistedSchema, 'ERP simulator');
    if (!data) return;
    this.nextOrderNumber = Math.max(this.nextOrderNumber, data.nextOrderNumber);
    this.nextReservation = data.nextReservation;
    for (const order of data.orders) this.orders.set(order.id, order);
    if (data.version === 2) {
      this.loading = true;
      this.ledger.load(data.ledger);
      this.loading = false;
    }
  }

  private persist(): void {
    if (!this.stateFile || this.loading) return;
    const data: z.infer<typeof persistedSchema> = {
      version: 2,
      nextOrderNumber: this.nextOrderNumber,
      nextReservation: this.nextReservation,
      orders: [...this.orders.values()],
      ledger: this.ledger.snapshot(),
    };
    writeSimStateFile(this.stateFile, data);
  }

  /**
   * LastChangeDateTime has one-second resolution, like SAP's. Two changes in
   * the same second would keep the same ETag, so a change always moves it
   * forward by at least a second.
   */
  private nextLastChange(previous?: string): string {
    const now = formatSapTimestamp(this.now());
    if (!previous || now > previous) return now;
    return formatSapTimestamp(new Date(parseSapTimestamp(previous).getTime() + 1000));
  }

  createOrder(input: NewSimOrder): SimOrder {
    let id = input.id;
    if (id === undefined) {
      id = String(this.nextOrderNumber);
      this.nextOrderNumber += 1;
    } else {
      if (this.orders.has(id)) throw new Error(`order ${id} already exists`);
      // An explicit number above the counter must not be handed out again later.
      if (/^\d+$/.test(id) && Number(id) >= this.nextOrderNumber) this.nextOrderNumber = Number(id) + 1;
    }
    const reservation = String(this.nextReservation);
    this.nextReservation += 1;
    const now = this.now();
    const order: SimOrder = {
      id,
      plant: input.plant,
      material: input.material,
      quantity: input.quantity,
      unit: input.unit,
      workCenter: input.workCenter,
      plannedStart: input.plannedStart.toISOString(),
      plannedEnd: input.plannedEnd.toISOString(),
      released: input.released ?? false,
      releasedAt: input.released ? now.toISOString() : null,
      markedForDeletion: input.markedForDeletion ?? false,
      createdAt: now.toISOString(),
      lastChange: this.nextLastChange(),
      reservation,
      // The simulator uses one number for the reservation and the order's routing.
      routing: reservation,
      components: input.components.map((c, index) => ({
        item: String((index + 1) * 10).padStart(4, '0'),
        material: c.material,
        quantity: c.quantity,
        unit: c.unit,
        storageLocation: c.storageLocation ?? '',
      })),
    };
    this.orders.set(id, order);
    this.persist();
    return order;
  }

  getOrder(id: string): SimOrder | undefined {
    return this.orders.get(id);
  }

  /** All orders, by order number. */
  listOrders(): SimOrder[] {
    return [...this.orders.values()].sort((a, b) => (a.id.length - b.id.length) || a.id.localeCompare(b.id));
  }

  isLocked(id: string): boolean {
    return this.locked.has(id);
  }

  lock(id: string): void {
    this.locked.add(id);
  }

  unlock(id: string): void {
    this.locked.delete(id);
  }

  release(id: string): ReleaseOutcome {
    const order = this.orders.get(id);
    if (!order) return { kind: 'not-found' };
    this.stats.releaseCalls[id] = (this.stats.releaseCalls[id] ?? 0) + 1;
    if (this.locked.has(id)) return { kind: 'locked', order };
    if (order.released) return { kind: 'already-released', order };
    order.released = true;
    order.releasedAt = this.now().toISOString();
    order.lastChange = this.nextLastChange(order.lastChange);
    this.stats.releases[id] = (this.stats.releases[id] ?? 0) + 1;
    this.persist();
    return { kind: 'released', order };
  }

  /** Moves the planned dates (PATCH on the order); the caller checked the ETag. */
  changeDates(id: string, dates: { plannedStart?: Date; plannedEnd?: Date }): SimOrder | undefined {
    const order = this.orders.get(id);
    if (!order) return undefined;
    if (dates.plannedStart) order.plannedStart = dates.plannedStart.toISOString();
    if (dates.plannedEnd) order.plannedEnd = dates.plannedEnd.toISOString();
    order.lastChange = this.nextLastChange(order.lastChange);
    this.stats.orderChanges[id] = (this.stats.orderChanges[id] ?? 0) + 1;
    this.persist();
    return order;
  }

  /** Changes one component (PATCH on A_ProductionOrderComponent_4); the caller checked the ETag. */
  changeComponent(id: string, index: number, change: { material?: string; quantity?: number; storageLocation?: string }): SimOrder | undefined {
    const order = this.orders.get(id);
    const component = order?.components[index];
    if (!order || !component) return undefined;
    if (change.material !== undefined) component.material = change.material;
    if (change.quantity !== undefined) component.quantity = change.quantity;
    if (change.storageLocation !== undefined) component.storageLocation = change.storageLocation;
    order.lastChange = this.nextLastChange(order.lastChange);
    this.stats.orderChanges[id] = (this.stats.orderChanges[id] ?? 0) + 1;
    this.persist();
    return order;
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
    // Requests still running keep their in-flight slot.
    this.stats = { ...emptyStats(), inFlight: this.stats.inFlight, maxInFlight: this.stats.inFlight };
  }

  /** Drops orders, locks, the books and statistics. Numbers keep counting up: a number is never reused. */
  reset(): void {
    this.orders.clear();
    this.locked.clear();
    this.resetStats();
    this.ledger.reset();
    this.persist();
  }

  get orderCount(): number {
    return this.orders.size;
  }
}
