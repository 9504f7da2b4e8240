// Production orders on the simulated floor (plant-floor.ts). Orders arrive at
// the demo work centers with quantities and due dates, queue in release order,
// and run while the machine is up, a certified operator is present and the
// line-side bins hold their components, at the work center's true pace. At
// release the order's features are recorded as Interlock would compute them
// from the events so far (observed-floor.ts + featureInputOf); at the finish
// the outcome is written to the ground truth with those features.
import { featureInputOf } from '@/lib/decisions/feasibility/evaluate-feasibility';
import { DEFAULT_OEE, plannedHours, type FeasibilityFeatureInput } from '@/lib/decisions/feasibility/features';
import type { OrderOutcome } from '@/lib/decisions/feasibility/plant-truth';
import type { ObservedOrder } from '@/lib/ignition/simulator/observed-floor';
import type { PlantFloor } from '@/lib/ignition/simulator/plant-floor';
import type { Random } from '@/lib/ml/random';
import { DEMO_BOMS, DEMO_ROUTING, DEMO_WORK_CENTERS, type DemoBom, type DemoWorkCenter } from '@/prisma/demo-plant';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface PlantOrdersOptions {
  /** Orders released from this moment on run but are not recorded (the drain after an offline run's last day). */
  recordUntil?: Date | null;
  /** Planned load of each work center, as a share of its hours at the planning OEE (default 0.85). */
  utilization?: number;
  /** Day-to-day swing of the demand, lognormal sigma (default 0.2). */
  demandSigma?: number;
  /** Share of due dates set by planners from the work and the queue (default 0.5); the others are the customers'. */
  plannerShare?: number;
}

const DEFAULTS = { utilization: 0.72, demandSigma: 0.2, plannerShare: 0.5 };

/** What each work center makes. Testing and packing are operations of their own, with no components. */
export const PRODUCT_MIX: Record<string, { material: string; share: number }[]> = {
  'WC-ASSY-05': [
    { material: 'VALVE-ASSY-55', share: 0.6 },
    { material: 'VALVE-ASSY-80', share: 0.4 },
  ],
  'WC-TEST-01': [
    { material: 'VALVE-ASSY-55', share: 0.6 },
    { material: 'VALVE-ASSY-80', share: 0.4 },
  ],
  'WC-PUMP-02': [{ material: 'PUMP-ASSY-10', share: 1 }],
  'WC-PACK-01': [
    { material: 'VALVE-ASSY-55', share: 0.35 },
    { material: 'VALVE-ASSY-80', share: 0.25 },
    { material: 'PUMP-ASSY-10', share: 0.4 },
  ],
};

/** Order sizes: the planned hours at the planning OEE are log-uniform in this range. */
const MIN_PLANNED_HOURS = 0.25;
const MAX_PLANNED_HOURS = 6;
const MEAN_PLANNED_HOURS = (MAX_PLANNED_HOURS - MIN_PLANNED_HOURS) / Math.log(MAX_PLANNED_HOURS / MIN_PLANNED_HOURS);
/** Spread of an order's own pace around the work center's (product variant, first-article trouble). */
const ORDER_PACE_SIGMA = 0.12;

/** The BOM an order's operation consumes: the material's BOM at the work center its routing names, else none. */
export function bomOf(material: string, workCenter: string): DemoBom | null {
  if (DEMO_ROUTING[material]?.workCenter !== workCenter) return null;
  return DEMO_BOMS.find((b) => b.material === material) ?? null;
}

/** Share of the nominal rate a work center makes at full pace: the rate component stock must keep up with while a backlog is worked off. */
const FULL_PACE = 0.85;

/** Component use of the order mix, for sizing stock: per hour on average and at full pace, and per unit of product on a line. */
export function componentUse(options: PlantOrdersOptions) {
  const utilization = options.utilization ?? DEFAULTS.utilization;
  const uses = DEMO_WORK_CENTERS.flatMap((wc) =>
    (PRODUCT_MIX[wc.code] ?? []).flatMap((p) =>
      (bomOf(p.material, wc.code)?.items ?? []).map((item) => ({
        component: item.component,
        line: wc.line,
        perUnit: item.quantity,
        unitsPerHour: wc.ratePerHour * p.share * item.quantity,
      })),
    ),
  );
  const sum = (material: string) => uses.filter((u) => u.component === material).reduce((s, u) => s + u.unitsPerHour, 0);
  return {
    averagePerHour: (material: string) => sum(material) * utilization * DEFAULT_OEE,
    fullPacePerHour: (material: string) => sum(material) * FULL_PACE,
    perUnit: (material: string, line: string) => {
      const here = uses.filter((u) => u.component === material && u.line === line).map((u) => u.perUnit);
      return { min: here.length ? Math.min(...here) : 0, max: here.length ? Math.max(...here) : 0 };
    },
  };
}

interface Order extends ObservedOrder {
  wc: DemoWorkCenter;
  material: string;
  bom: DemoBom | null;
  releasedAt: Date;
  due: Date;
  dueSource: 'planner' | 'customer';
  features: FeasibilityFeatureInput;
  record: boolean;
  paceFactor: number;
  made: number;
  good: number;
  started: boolean;
}

export interface PlantOrderStats {
  /** Orders released in the recorded window, and of those: finished, finished on time, still open. */
  released: number;
  finished: number;
  onTime: number;
  open: number;
  /** Orders released after the window (they load the floor but are not recorded). */
  unrecorded: number;
}

export class PlantOrders {
  private readonly options: Required<Omit<PlantOrdersOptions, 'recordUntil'>> & { recordUntil: number | null };
  private readonly queues = new Map<string, Order[]>(DEMO_WORK_CENTERS.map((w) => [w.code, []]));
  private readonly running = new Map<string, Order | null>();
  private open: Order[] = [];
  private seq = 0;
  private day = -1;
  private demandFactor = 1;
  private readonly counts: PlantOrderStats = { released: 0, finished: 0, onTime: 0, open: 0, unrecorded: 0 };

  constructor(
    private readonly floor: PlantFloor,
    private readonly random: Random,
    options: PlantOrdersOptions,
  ) {
    this.options = {
      utilization: options.utilization ?? DEFAULTS.utilization,
      demandSigma: options.demandSigma ?? DEFAULTS.demandSigma,
      plannerShare: options.plannerShare ?? DEFAULTS.plannerShare,
      recordUntil: options.recordUntil ? options.recordUntil.getTime() : null,
    };
  }

  stats(): PlantOrderStats {
    return { ...this.counts, open: this.open.filter((o) => o.record).length };
  }

  /** Releases the orders arriving now, then runs each work center for the tick. */
  step(now: Date, tickMinutes: number): void {
    const t = now.getTime();
    const day = Math.floor(t / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      const s = this.options.demandSigma;
      this.demandFactor = Math.exp(s * this.random.normal() - (s * s) / 2);
    }
    for (const wc of DEMO_WORK_CENTERS) {
      const perHour = (this.options.utilization / MEAN_PLANNED_HOURS) * this.demandFactor;
      const arrivals = poisson(this.random, (perHour * tickMinutes) / 60);
      for (let i = 0; i < arrivals; i++) this.release(wc, now);
    }
    for (const wc of DEMO_WORK_CENTERS) this.run(wc, now, tickMinutes);
  }

  /** Writes the recorded orders still open whose due date has passed: they are known to be late. */
  flush(now: Date, write: (outcome: OrderOutcome) => void): void {
    for (const o of this.open) {
      if (o.record && o.due.getTime() < now.getTime()) write(this.outcome(o, null));
    }
  }

  private release(wc: DemoWorkCenter, now: Date): void {
    const r = this.random;
    const { material } = pickShare(r, PRODUCT_MIX[wc.code]);
    const bom = bomOf(material, wc.code);
    const hours = Math.exp(r.uniform(Math.log(MIN_PLANNED_HOURS), Math.log(MAX_PLANNED_HOURS)));
    const quantity = Math.max(10, Math.round((hours * wc.ratePerHour * DEFAULT_OEE) / 10) * 10);
    const id = `SIM-PO-${String(++this.seq).padStart(6, '0')}`;

    // Planners look at the work and the queue as reported; customers ask for what they need.
    const observed = this.floor.observed;
    const isPlanner = r.chance(this.options.plannerShare);
    const work = plannedHours(quantity, wc.ratePerHour, observed.oee(wc.code));
    const queue = observed.queueOf(wc, this.open).hours;
    const dueHours = isPlanner ? Math.min(72, Math.max(2, (work + queue) * r.uniform(0.6, 2) + r.uniform(0, 4))) : r.uniform(2, 72);
    const due = new Date(now.getTime() + Math.round(dueHours * 4) * 0.25 * HOUR_MS);

    const features = featureInputOf(observed.snapshot({ order: id, material, quantity, dueDate: due, workCenter: wc, bom }, now, this.open));
    const record = this.options.recordUntil === null || now.getTime() < this.options.recordUntil;
    const order: Order = {
      order: id,
      workCenter: wc.code,
      quantity,
      wc,
      material,
      bom,
      releasedAt: now,
      due,
      dueSource: isPlanner ? 'planner' : 'customer',
      features,
      record,
      paceFactor: Math.exp(ORDER_PACE_SIGMA * r.normal()),
      made: 0,
      good: 0,
      started: false,
    };
    this.open.push(order);
    this.queues.get(wc.code)!.push(order);
    if (record) this.counts.released++;
    else this.counts.unrecorded++;
  }

  private hasMaterial(o: Order): boolean {
    return !o.bom || o.bom.items.every((item) => this.floor.linesideQuantity(item.component, o.wc.line) >= item.quantity);
  }

  /** The first order in release order that can run gets the work center for the tick. */
  private run(wc: DemoWorkCenter, now: Date, tickMinutes: number): void {
    const queue = this.queues.get(wc.code)!;
    const chosen = queue.length > 0 && this.floor.canProduce(wc.code) ? (queue.find((o) => this.hasMaterial(o)) ?? null) : null;
    const previous = this.running.get(wc.code) ?? null;
    if (previous && previous !== chosen) this.floor.emit(now, wc.line, { type: 'order_status', order: previous.order, status: 'PAUSED' });
    if (chosen && chosen !== previous) {
      chosen.started = true;
      this.floor.emit(now, wc.line, { type: 'order_status', order: chosen.order, status: 'STARTED' });
    }
    this.running.set(wc.code, chosen);
    if (chosen) this.produce(chosen, now, tickMinutes);
  }

  private produce(o: Order, now: Date, tickMinutes: number): void {
    const { unitsPerMinute, quality } = this.floor.pace(o.workCenter);
    // No order runs faster than the machine's nominal rate.
    const pace = Math.min(unitsPerMinute * o.paceFactor, o.wc.ratePerHour / 60);
    // Scrapped units are made again: the order needs its quantity of good ones.
    let units = Math.min(pace * tickMinutes, (o.quantity - o.good) / quality);
    for (const item of o.bom?.items ?? []) units = Math.min(units, this.floor.linesideQuantity(item.component, o.wc.line) / item.quantity);
    if (!(units > 0)) return;
    for (const item of o.bom?.items ?? []) this.floor.consume(item.component, o.wc.line, units * item.quantity, now);
    const minutes = units / pace;
    o.made += units;
    o.good += units * quality;
    this.floor.recordRun(o.workCenter, minutes, units, units * quality);
    if (o.good >= o.quantity * (1 - 1e-9)) this.finish(o, new Date(now.getTime() + Math.round(minutes * 60_000)));
  }

  private finish(o: Order, at: Date): void {
    const queue = this.queues.get(o.workCenter)!;
    queue.splice(queue.indexOf(o), 1);
    this.open.splice(this.open.indexOf(o), 1);
    this.running.set(o.workCenter, null);
    this.floor.emit(at, o.wc.line, { type: 'production_confirmation', order: o.order, operation: '0010', yield: o.quantity, scrap: Math.round(o.made - o.good), uom: 'EA', final: true });
    this.floor.emit(at, o.wc.line, { type: 'order_status', order: o.order, status: 'COMPLETED' });
    if (!o.record) return;
    const outcome = this.outcome(o, at);
    this.counts.finished++;
    if (outcome.on_time) this.counts.onTime++;
    this.floor.writeOutcome(outcome);
  }

  private outcome(o: Order, finishedAt: Date | null): OrderOutcome {
    const { now, dueDate, ...rest } = o.features;
    return {
      incident: 'order_outcome',
      order: o.order,
      work_center: o.workCenter,
      material: o.material,
      due_source: o.dueSource,
      released_at: o.releasedAt.toISOString(),
      due: o.due.toISOString(),
      finished_at: finishedAt ? finishedAt.toISOString() : null,
      on_time: finishedAt !== null && finishedAt.getTime() <= o.due.getTime(),
      features: { ...rest, now: now.toISOString(), dueDate: dueDate.toISOString() },
    };
  }
}

function pickShare<T extends { share: number }>(random: Random, items: readonly T[]): T {
  let u = random.next() * items.reduce((s, i) => s + i.share, 0);
  for (const item of items) {
    u -= item.share;
    if (u < 0) return item;
  }
  return items[items.length - 1];
}

/** Knuth's method: fine for the small means of one tick. */
function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random.next();
  while (p > limit) {
    k++;
    p *= random.next();
  }
  return k;
}
