// The demo plant in simulated time: each tick is a number of simulated
// minutes, so breakdowns, repairs, operator absences, stock movements and
// production runs have durations in hours. It emits the Ignition events a
// real floor would (machine states with the maintenance team's estimate of
// the return, OEE measured over the last hours, operators clocking in and out
// and rostered cover, line-side and storage counts) and reports the ground
// truth of what really happened. Production orders run on it
// (plant-orders.ts), and Interlock's view of it (observed-floor.ts) is built
// from the events alone.
import { createRandom, type Random } from '@/lib/ml/random';
import { ObservedFloor } from '@/lib/ignition/simulator/observed-floor';
import { PlantOrders, componentUse, type PlantOrdersOptions } from '@/lib/ignition/simulator/plant-orders';
import type { Incident } from '@/lib/ignition/simulator/plant-simulator';
import type { PlantEvent } from '@/lib/ignition/plant-event.schema';
import type { MachineStateName } from '@/lib/decisions/feasibility/features';
import type { OrderOutcome } from '@/lib/decisions/feasibility/plant-truth';
import { DEMO_OPERATORS, DEMO_SITE, DEMO_STOCK, DEMO_STORAGE_LOCATION, DEMO_WORK_CENTERS, type DemoWorkCenter } from '@/prisma/demo-plant';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** The dynamics of the floor, in hours. Defaults describe a busy three-shift assembly plant. */
export interface FloorParams {
  /** Mean producing hours between breakdowns of a work center. */
  mtbfHours: number;
  /** Median true repair time (lognormal) and its log-spread. */
  repairMedianHours: number;
  repairSigma: number;
  /** Maintenance estimates are this fraction of the truth on average (optimistic below 1) … */
  estimateBias: number;
  /** … with this log-spread. */
  estimateSigma: number;
  /** Share of breakdowns reported with no estimate until someone has looked. */
  unestimatedShare: number;
  /** Mean hours between planned maintenance windows of a work center. */
  maintenanceEveryHours: number;
  /** Mean hours on shift between an operator's breaks. */
  breakEveryHours: number;
  /** Chance that a position's next shift does not show up. */
  noShowChance: number;
  /** Share of no-shows for which a cover is rostered (with an announced start) right away. */
  rosteredCoverShare: number;
  /** Line-side bins hold this many hours of the line's use; refilled from storage when a third is left. */
  linesideHours: number;
  /** Median hours for a line-side refill to arrive, and the chance of a long delay on top. */
  transferMedianHours: number;
  transferDelayChance: number;
  /** Median purchase lead time, and the chance that the supplier is a day or more late. */
  purchaseLeadMedianHours: number;
  supplierDelayChance: number;
  /** Reorder point and order quantity of storage stock, in days of expected use. */
  reorderDays: number;
  orderDays: number;
}

export const DEFAULT_FLOOR_PARAMS: FloorParams = {
  mtbfHours: 40,
  repairMedianHours: 2.5,
  repairSigma: 0.8,
  estimateBias: 0.85,
  estimateSigma: 0.35,
  unestimatedShare: 0.25,
  maintenanceEveryHours: 168,
  breakEveryHours: 12,
  noShowChance: 0.05,
  rosteredCoverShare: 0.65,
  linesideHours: 6,
  transferMedianHours: 1,
  transferDelayChance: 0.05,
  purchaseLeadMedianHours: 30,
  supplierDelayChance: 0.1,
  reorderDays: 2,
  orderDays: 3,
};

/** Shifts change at 06:00, 14:00 and 22:00 (simulated UTC). */
const SHIFT_HOURS = 8;
const FIRST_SHIFT_HOUR = 6;
/** OEE is reported as a moving average over about one shift. */
const OEE_WINDOW_HOURS = 8;
const OEE_EVERY_MINUTES = 30;
const SCAN_EVERY_MINUTES = 60;
const BREAKDOWN_REASONS = ['spindle fault', 'conveyor jam', 'torque tool calibration', 'hydraulic leak', 'sensor failure'];

type EventBase = { id: string; ts: string; site: string; line?: string };
/** A plant event without the envelope (id, time, site, line) the floor adds. */
export type PlantEventBody = PlantEvent extends infer E ? (E extends PlantEvent ? Omit<E, keyof EventBase> : never) : never;

type Breakdown = Extract<Incident, { incident: 'breakdown' }>;
type Maintenance = Extract<Incident, { incident: 'maintenance' }>;
type Stockout = Extract<Incident, { incident: 'stockout' }>;
type Away = Extract<Incident, { incident: 'operator_away' }>;

interface Machine {
  wc: DemoWorkCenter;
  condition: 'UP' | 'DOWN' | 'MAINTENANCE';
  /** True end of the current breakdown or maintenance (ms). */
  upAt: number;
  reason: string | null;
  /** When the maintenance team publishes its next estimate of the return (ms), while not up. */
  nextEstimateAt: number | null;
  reported: MachineStateName | null;
  /** Minutes produced in the last tick. */
  producedMinutes: number;
  /** The true pace (share of the nominal rate) and share of good units, drifting. */
  performance: number;
  quality: number;
  performanceMean: number;
  qualityMean: number;
  /** Exponentially weighted minutes and units over the OEE window. */
  meters: { up: number; down: number; run: number; units: number; good: number };
  nextOeeAt: number;
  incident: Breakdown | Maintenance | null;
}

interface Position {
  operator: string;
  workCenter: string;
  skills: string[];
  present: boolean;
  returnAt: number | null;
  incident: Away | null;
}

interface Bin {
  material: string;
  line: string;
  location: string;
  quantity: number;
  capacity: number;
  /** Smallest use of one unit of product: below it the bin cannot feed a unit. */
  unitUse: number;
  transitAt: number | null;
  nextScanAt: number;
  stockout: Stockout | null;
}

interface Storage {
  material: string;
  quantity: number;
  reorderPoint: number;
  orderQuantity: number;
  receipt: { quantity: number; at: number } | null;
  stockout: Stockout | null;
}

export interface PlantFloorOptions {
  seed: number;
  tickMinutes: number;
  start: Date;
  /** The event envelope: id, time, site, line (the simulator's numbering). */
  base: (now: Date, line?: string) => EventBase;
  onIncident?: (incident: Incident) => void;
  /** Production orders; null for a floor without orders. */
  orders: PlantOrdersOptions | null;
  params?: Partial<FloorParams>;
}

export class PlantFloor {
  readonly observed = new ObservedFloor(DEMO_SITE.id);
  readonly orders: PlantOrders | null;
  readonly params: FloorParams;
  private readonly random: Random;
  private readonly tickMs: number;
  private clock: number;
  private ticks = 0;
  private events: PlantEvent[] = [];
  private readonly machines: Machine[];
  private readonly positions: Position[];
  private readonly bins: Bin[];
  private readonly storage = new Map<string, Storage>();

  constructor(private readonly options: PlantFloorOptions) {
    if (!(options.tickMinutes > 0 && options.tickMinutes <= 60)) throw new Error('tickMinutes must be above 0 and at most 60');
    this.params = { ...DEFAULT_FLOOR_PARAMS, ...options.params };
    this.random = createRandom(options.seed);
    this.tickMs = options.tickMinutes * MINUTE_MS;
    this.clock = options.start.getTime();
    const r = this.random;

    this.machines = DEMO_WORK_CENTERS.map((wc, i) => {
      const performanceMean = r.uniform(0.8, 0.92);
      const qualityMean = r.uniform(0.95, 0.99);
      return {
        wc,
        condition: 'UP',
        upAt: this.clock,
        reason: null,
        nextEstimateAt: null,
        reported: null,
        producedMinutes: 0,
        performance: performanceMean,
        quality: qualityMean,
        performanceMean,
        qualityMean,
        meters: { up: 0, down: 0, run: 0, units: 0, good: 0 },
        nextOeeAt: this.clock + (OEE_EVERY_MINUTES + i * 7) * MINUTE_MS,
        incident: null,
      };
    });
    this.positions = DEMO_OPERATORS.map((o) => ({ operator: o.operator, workCenter: o.workCenter, skills: o.skills, present: true, returnAt: null, incident: null }));

    // Stock: the demo's opening counts, line-side bins sized to hours of the line's use and
    // storage topped up to its reorder policy, so the run does not open with a shortage.
    const ordersOptions = options.orders ?? {};
    const use = componentUse(ordersOptions);
    const maxRatePerLine = (line: string) => Math.max(...DEMO_WORK_CENTERS.filter((w) => w.line === line).map((w) => w.ratePerHour));
    this.bins = DEMO_STOCK.filter((s) => s.location.startsWith('LINESIDE:')).map((s, i) => {
      const line = s.location.slice('LINESIDE:'.length);
      const perUnit = use.perUnit(s.material, line);
      return {
        material: s.material,
        line,
        location: s.location,
        quantity: s.quantity,
        capacity: Math.max(s.quantity, Math.round(this.params.linesideHours * maxRatePerLine(line) * perUnit.max)),
        unitUse: perUnit.min || 1,
        transitAt: null,
        nextScanAt: this.clock + (SCAN_EVERY_MINUTES + i * 3) * MINUTE_MS,
        stockout: null,
      };
    });
    for (const s of DEMO_STOCK.filter((x) => x.location === DEMO_STORAGE_LOCATION)) {
      // Reordered so that the stock lasts the lead time even while a backlog is worked off at full pace.
      const reorderPoint = use.fullPacePerHour(s.material) * 24 * this.params.reorderDays;
      this.storage.set(s.material, {
        material: s.material,
        quantity: Math.max(s.quantity, Math.round(reorderPoint * 1.5)),
        reorderPoint,
        orderQuantity: Math.max(100, Math.round((use.averagePerHour(s.material) * 24 * this.params.orderDays) / 100) * 100),
        receipt: null,
        stockout: null,
      });
    }
    this.orders = options.orders ? new PlantOrders(this, createRandom(options.seed + 7919), options.orders) : null;
  }

  /** The simulated time of the next tick. */
  get now(): Date {
    return new Date(this.clock);
  }

  get tickCount(): number {
    return this.ticks;
  }

  /** Emits an event at `now`; Interlock's view takes it in at once. */
  emit(now: Date, line: string | undefined, body: PlantEventBody): void {
    const event = { ...this.options.base(now, line), ...body } as PlantEvent;
    this.events.push(event);
    this.observed.apply(event);
  }

  private incident(i: Incident): void {
    this.options.onIncident?.(i);
  }

  /** One tick: what happens at the current simulated time, then production over the next tickMinutes. */
  next(): PlantEvent[] {
    const now = new Date(this.clock);
    const t = this.clock;
    this.events = [];
    if (this.ticks === 0) this.opening(now);
    this.ticks++;
    this.shiftChange(now);
    this.operators(now);
    this.machineChanges(now);
    this.stockMovements(now);
    this.orders?.step(now, this.options.tickMinutes);
    this.report(now);
    this.clock = t + this.tickMs;
    return this.events;
  }

  /** Incidents still going on (end: null) and orders not finished, e.g. when the simulation stops. */
  flushIncidents(): void {
    for (const m of this.machines) if (m.incident) this.incident(m.incident);
    for (const b of this.bins) if (b.stockout) this.incident(b.stockout);
    for (const s of this.storage.values()) if (s.stockout) this.incident(s.stockout);
    for (const p of this.positions) if (p.incident) this.incident(p.incident);
    this.orders?.flush(new Date(this.clock), (i) => this.incident(i));
  }

  // ── What the orders need from the floor ──────────────────────────────────

  /** Machine up and at least one certified operator present. */
  canProduce(workCenter: string): boolean {
    const m = this.machine(workCenter);
    return m.condition === 'UP' && this.crew(m.wc) > 0;
  }

  /** Good units per minute would be unitsPerMinute × quality; a cell built for two runs slower with one. */
  pace(workCenter: string): { unitsPerMinute: number; quality: number } {
    const m = this.machine(workCenter);
    const positions = this.positions.filter((p) => p.workCenter === m.wc.code && p.skills.includes(m.wc.skill)).length;
    const crew = positions > 0 ? 0.6 + (0.4 * this.crew(m.wc)) / positions : 0;
    return { unitsPerMinute: (m.wc.ratePerHour / 60) * m.performance * crew, quality: m.quality };
  }

  linesideQuantity(material: string, line: string): number {
    return this.bin(material, line)?.quantity ?? 0;
  }

  consume(material: string, line: string, quantity: number, now: Date): void {
    const bin = this.bin(material, line);
    if (!bin) throw new Error(`No line-side bin of ${material} on ${line}`);
    bin.quantity = Math.max(0, bin.quantity - quantity);
    if (bin.quantity < bin.unitUse && !bin.stockout) {
      bin.stockout = { incident: 'stockout', material, location: bin.location, start: now.toISOString(), end: null };
    }
  }

  /** The ground truth of a finished order. */
  writeOutcome(outcome: OrderOutcome): void {
    this.incident(outcome);
  }

  recordRun(workCenter: string, minutes: number, units: number, good: number): void {
    const m = this.machine(workCenter);
    m.producedMinutes += minutes;
    m.meters.run += minutes;
    m.meters.units += units;
    m.meters.good += good;
  }

  // ── The floor's own dynamics ─────────────────────────────────────────────

  private machine(code: string): Machine {
    const m = this.machines.find((x) => x.wc.code === code);
    if (!m) throw new Error(`Unknown work center ${code}`);
    return m;
  }

  private bin(material: string, line: string): Bin | undefined {
    return this.bins.find((b) => b.material === material && b.line === line);
  }

  private crew(wc: DemoWorkCenter): number {
    return this.positions.filter((p) => p.present && p.workCenter === wc.code && p.skills.includes(wc.skill)).length;
  }

  private opening(now: Date): void {
    for (const p of this.positions) {
      this.emit(now, undefined, { type: 'operator_shift', operator: p.operator, work_center: p.workCenter, action: 'CLOCK_IN', skills: p.skills, from: now.toISOString(), to: null });
    }
    for (const b of this.bins) this.scanBin(now, b);
    for (const s of this.storage.values()) this.scanStorage(now, s);
  }

  private shiftIndex(t: number): number {
    return Math.floor((t - FIRST_SHIFT_HOUR * HOUR_MS) / (SHIFT_HOURS * HOUR_MS));
  }

  /** At a shift change the next crew arrives, except for the occasional no-show. */
  private shiftChange(now: Date): void {
    const t = now.getTime();
    if (this.ticks <= 1 || this.shiftIndex(t) === this.shiftIndex(t - this.tickMs)) return;
    const r = this.random;
    const p = this.params;
    for (const pos of this.positions) {
      if (!r.chance(p.noShowChance)) {
        if (!pos.present) this.clockIn(now, pos);
        continue;
      }
      if (pos.present) this.clockOut(now, pos);
      // Nobody comes for the shift; cover arrives later, at the latest with the next shift.
      const nextShift = t + SHIFT_HOURS * HOUR_MS;
      if (r.chance(p.rosteredCoverShare)) {
        const announced = t + Math.round(r.uniform(1.5, 6) * 4) * 0.25 * HOUR_MS;
        const late = (announced - t) * Math.exp(0.1 + 0.3 * r.normal());
        pos.returnAt = Math.min(t + late, nextShift);
        const from = new Date(announced);
        this.emit(now, undefined, { type: 'operator_shift', operator: pos.operator, work_center: pos.workCenter, action: 'ROSTERED', skills: pos.skills, from: from.toISOString(), to: new Date(announced + SHIFT_HOURS * HOUR_MS).toISOString() });
      } else {
        pos.returnAt = Math.min(t + r.uniform(1, 8) * HOUR_MS, nextShift);
      }
    }
  }

  private operators(now: Date): void {
    const t = now.getTime();
    const r = this.random;
    for (const pos of this.positions) {
      if (!pos.present && pos.returnAt !== null && pos.returnAt <= t) this.clockIn(now, pos);
      else if (pos.present && r.chance(1 - Math.exp(-this.tickMs / HOUR_MS / this.params.breakEveryHours))) {
        this.clockOut(now, pos);
        pos.returnAt = t + r.uniform(0.15, 0.6) * HOUR_MS;
      }
    }
  }

  private clockOut(now: Date, pos: Position): void {
    pos.present = false;
    pos.incident = { incident: 'operator_away', operator: pos.operator, work_center: pos.workCenter, start: now.toISOString(), end: null };
    this.emit(now, undefined, { type: 'operator_shift', operator: pos.operator, work_center: pos.workCenter, action: 'CLOCK_OUT', skills: pos.skills, from: null, to: null });
  }

  private clockIn(now: Date, pos: Position): void {
    pos.present = true;
    pos.returnAt = null;
    if (pos.incident) this.incident({ ...pos.incident, end: now.toISOString() });
    pos.incident = null;
    this.emit(now, undefined, { type: 'operator_shift', operator: pos.operator, work_center: pos.workCenter, action: 'CLOCK_IN', skills: pos.skills, from: now.toISOString(), to: null });
  }

  /** The maintenance team's estimate of the return: rounded to the quarter hour, and off from the truth. */
  private estimate(now: number, remainingMs: number, sigma: number): Date {
    const hours = (remainingMs / HOUR_MS) * this.params.estimateBias * Math.exp(sigma * this.random.normal());
    return new Date(now + Math.max(0.25, Math.round(hours * 4) / 4) * HOUR_MS);
  }

  private machineChanges(now: Date): void {
    const t = now.getTime();
    const r = this.random;
    const p = this.params;
    const iso = now.toISOString();
    const dtHours = this.tickMs / HOUR_MS;
    for (const m of this.machines) {
      // The latent pace and quality drift around the work center's own level (mean-reverting, about one shift).
      const theta = 1 / 12;
      m.performance += theta * (m.performanceMean - m.performance) * dtHours + 0.05 * Math.sqrt(2 * theta * dtHours) * r.normal();
      m.performance = Math.min(1, Math.max(0.5, m.performance));
      m.quality += theta * (m.qualityMean - m.quality) * dtHours + 0.01 * Math.sqrt(2 * theta * dtHours) * r.normal();
      m.quality = Math.min(0.999, Math.max(0.85, m.quality));

      if (m.condition !== 'UP' && m.upAt <= t) {
        m.condition = 'UP';
        m.reason = null;
        m.nextEstimateAt = null;
        if (m.incident) this.incident({ ...m.incident, end: iso });
        m.incident = null;
      } else if (m.condition !== 'UP' && m.nextEstimateAt !== null && m.nextEstimateAt <= t) {
        // Still not back: a new (better informed) estimate of what is left.
        const expected = this.estimate(t, m.upAt - t, m.condition === 'MAINTENANCE' ? 0.1 : 0.25);
        m.nextEstimateAt = expected.getTime() + r.uniform(0.25, 0.75) * HOUR_MS;
        this.emit(now, m.wc.line, { type: 'machine_state', work_center: m.wc.code, state: m.condition, reason: m.reason, expected_up_at: expected.toISOString() });
      } else if (m.condition === 'UP' && r.chance(1 - Math.exp(-m.producedMinutes / 60 / p.mtbfHours))) {
        const hours = Math.min(36, Math.max(0.25, p.repairMedianHours * Math.exp(p.repairSigma * r.normal())));
        m.condition = 'DOWN';
        m.upAt = t + hours * HOUR_MS;
        m.reason = r.pick(BREAKDOWN_REASONS);
        const expected = r.chance(p.unestimatedShare) ? null : this.estimate(t, hours * HOUR_MS, p.estimateSigma);
        m.nextEstimateAt = expected ? expected.getTime() + r.uniform(0.25, 0.75) * HOUR_MS : t + r.uniform(0.5, 1.5) * HOUR_MS;
        m.incident = { incident: 'breakdown', work_center: m.wc.code, line: m.wc.line, reason: m.reason, start: iso, end: null, expected_up_at: expected?.toISOString() ?? null };
        m.reported = 'DOWN';
        this.emit(now, m.wc.line, { type: 'machine_state', work_center: m.wc.code, state: 'DOWN', reason: m.reason, expected_up_at: expected?.toISOString() ?? null });
      } else if (m.condition === 'UP' && r.chance(1 - Math.exp(-dtHours / p.maintenanceEveryHours))) {
        const hours = r.uniform(2, 6);
        m.condition = 'MAINTENANCE';
        m.upAt = t + hours * HOUR_MS;
        m.reason = 'planned maintenance';
        const expected = this.estimate(t, (hours * HOUR_MS) / p.estimateBias, 0.1);
        m.nextEstimateAt = expected.getTime() + 0.25 * HOUR_MS;
        m.incident = { incident: 'maintenance', work_center: m.wc.code, line: m.wc.line, start: iso, end: null, expected_up_at: expected.toISOString() };
        m.reported = 'MAINTENANCE';
        this.emit(now, m.wc.line, { type: 'machine_state', work_center: m.wc.code, state: 'MAINTENANCE', reason: m.reason, expected_up_at: expected.toISOString() });
      }
      m.producedMinutes = 0;
    }
  }

  private transferDelayMs(): number {
    const r = this.random;
    const p = this.params;
    let hours = p.transferMedianHours * Math.exp(0.5 * r.normal());
    // The forklift is elsewhere, the warehouse is behind.
    if (r.chance(p.transferDelayChance)) hours += r.uniform(3, 8);
    return hours * HOUR_MS;
  }

  private stockMovements(now: Date): void {
    const t = now.getTime();
    const r = this.random;
    const p = this.params;
    const iso = now.toISOString();
    for (const s of this.storage.values()) {
      if (s.receipt && s.receipt.at <= t) {
        const before = s.quantity;
        s.quantity += s.receipt.quantity;
        s.receipt = null;
        this.incident({ incident: 'replenishment', material: s.material, location: DEMO_STORAGE_LOCATION, at: iso, from_quantity: Math.floor(before), to_quantity: Math.floor(s.quantity) });
        if (s.stockout) this.incident({ ...s.stockout, end: iso });
        s.stockout = null;
        this.scanStorage(now, s);
      }
      if (!s.receipt && s.reorderPoint > 0 && s.quantity < s.reorderPoint) {
        let hours = p.purchaseLeadMedianHours * Math.exp(0.3 * r.normal());
        if (r.chance(p.supplierDelayChance)) hours += r.uniform(24, 72);
        s.receipt = { quantity: s.orderQuantity, at: t + hours * HOUR_MS };
      }
    }
    for (const b of this.bins) {
      if (b.transitAt !== null && b.transitAt <= t) {
        const s = this.storage.get(b.material);
        const moved = Math.min(b.capacity - b.quantity, Math.floor(s?.quantity ?? 0));
        if (s && moved > 0) {
          const before = b.quantity;
          b.quantity += moved;
          s.quantity -= moved;
          b.transitAt = null;
          this.incident({ incident: 'replenishment', material: b.material, location: b.location, at: iso, from_quantity: Math.floor(before), to_quantity: Math.floor(b.quantity) });
          if (b.stockout && b.quantity >= b.unitUse) {
            this.incident({ ...b.stockout, end: iso });
            b.stockout = null;
          }
          if (s.quantity < 1 && !s.stockout) s.stockout = { incident: 'stockout', material: s.material, location: DEMO_STORAGE_LOCATION, start: iso, end: null };
          this.scanBin(now, b);
          this.scanStorage(now, s);
        } else {
          // Nothing in storage to send: the kanban stays open and is tried again.
          b.transitAt = t + HOUR_MS;
        }
      }
      if (b.transitAt === null && b.quantity <= b.capacity / 3) b.transitAt = t + this.transferDelayMs();
    }
  }

  /** End of the tick: state changes, OEE snapshots and counts that fall due. */
  private report(now: Date): void {
    const t = now.getTime();
    const decay = Math.exp(-this.tickMs / HOUR_MS / OEE_WINDOW_HOURS);
    const minutes = this.options.tickMinutes;
    for (const m of this.machines) {
      const state: MachineStateName = m.condition === 'DOWN' ? 'DOWN' : m.condition === 'MAINTENANCE' ? 'MAINTENANCE' : m.producedMinutes > 0 ? 'RUNNING' : 'IDLE';
      if (state !== m.reported) {
        m.reported = state;
        this.emit(now, m.wc.line, { type: 'machine_state', work_center: m.wc.code, state, reason: null, expected_up_at: null });
      }
      const meters = m.meters;
      // Planned maintenance is not lost availability; breakdowns are.
      meters.up = meters.up * decay + (m.condition === 'UP' ? minutes : 0);
      meters.down = meters.down * decay + (m.condition === 'DOWN' ? minutes : 0);
      meters.run *= decay;
      meters.units *= decay;
      meters.good *= decay;
      if (m.nextOeeAt <= t) {
        m.nextOeeAt += OEE_EVERY_MINUTES * MINUTE_MS;
        // Nothing to report until the work center has produced for a while.
        if (meters.run >= 5 && meters.units > 0 && meters.up + meters.down > 0) {
          this.emit(now, m.wc.line, {
            type: 'oee_snapshot',
            work_center: m.wc.code,
            availability: round3(meters.up / (meters.up + meters.down)),
            performance: round3(meters.units / ((m.wc.ratePerHour / 60) * meters.run)),
            quality: round3(meters.good / meters.units),
          });
        }
      }
    }
    for (const b of this.bins) {
      if (b.nextScanAt <= t) {
        b.nextScanAt += SCAN_EVERY_MINUTES * MINUTE_MS;
        this.scanBin(now, b);
      }
    }
  }

  private scanBin(now: Date, b: Bin): void {
    this.emit(now, b.line, { type: 'inventory_scan', material: b.material, location: b.location, quantity: Math.floor(b.quantity), uom: 'EA', batch: null });
  }

  private scanStorage(now: Date, s: Storage): void {
    this.emit(now, undefined, { type: 'inventory_scan', material: s.material, location: DEMO_STORAGE_LOCATION, quantity: Math.floor(s.quantity), uom: 'EA', batch: null });
  }
}

function round3(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
