// A simulated plant floor that produces Ignition-shaped events: OEE snapshots,
// line-side scans drifting down and being replenished, operators clocking in
// and out, and the occasional breakdown with an expected return time.
import { createRandom } from '@/lib/ml/random';
import { DEMO_OPERATORS, DEMO_SITE, DEMO_STOCK, DEMO_WORK_CENTERS } from '@/prisma/demo-plant';
import type { PlantEvent } from '@/lib/ignition/plant-event.schema';
import { PlantFloor, type FloorParams } from '@/lib/ignition/simulator/plant-floor';
import type { PlantOrdersOptions } from '@/lib/ignition/simulator/plant-orders';
import type { OrderOutcome } from '@/lib/decisions/feasibility/plant-truth';

export interface SimulatorOptions {
  gateway: string;
  seed: number;
  /** Probability per tick that a running work center breaks down. */
  breakdownRate?: number;
  /** Ground truth: called when an incident ends (and, for incidents still open, by flushIncidents). */
  onIncident?: (incident: Incident) => void;
  /**
   * Simulated minutes per tick. Set, the floor runs in simulated time
   * (plant-floor.ts): the simulator keeps its own clock from `start` (the
   * `now` given to next() is not used), durations are coherent in hours,
   * breakdownRate is not used, and production orders run (plant-orders.ts).
   * Unset (the live mode), each tick is one call at the caller's time.
   */
  tickMinutes?: number;
  /** Start of the simulated clock (tickMinutes only; default 2026-01-05T00:00:00Z). */
  start?: Date;
  /** The production orders (tickMinutes only); false for a floor without orders. */
  orders?: PlantOrdersOptions | false;
  /** The floor's dynamics (tickMinutes only), e.g. for tests. */
  floor?: Partial<FloorParams>;
}

/**
 * What really happened on the simulated floor, for checking what Interlock
 * inferred from the events: breakdowns, line-side bins running empty and being
 * refilled, operators away from their work center.
 */
export type Incident =
  | { incident: 'breakdown'; work_center: string; line: string; reason: string; start: string; end: string | null; expected_up_at: string | null }
  | { incident: 'maintenance'; work_center: string; line: string; start: string; end: string | null; expected_up_at: string }
  | { incident: 'stockout'; material: string; location: string; start: string; end: string | null }
  | { incident: 'replenishment'; material: string; location: string; at: string; from_quantity: number; to_quantity: number }
  | { incident: 'operator_away'; operator: string; work_center: string; start: string; end: string | null }
  | OrderOutcome;

interface WcState {
  code: string;
  line: string;
  state: 'RUNNING' | 'DOWN';
  downUntilTick: number;
  breakdown?: Extract<Incident, { incident: 'breakdown' }>;
}

export class PlantSimulator {
  private readonly rand: () => number;
  private readonly runId: string;
  private seq = 0;
  private tick = 0;
  private readonly wcs: WcState[];
  private readonly lineside: { material: string; location: string; quantity: number; full: number; stockout?: Extract<Incident, { incident: 'stockout' }> }[];
  private readonly onShift = new Map<string, boolean>();
  private readonly away = new Map<string, Extract<Incident, { incident: 'operator_away' }>>();
  /** The floor in simulated time, when tickMinutes is set. */
  readonly floor: PlantFloor | null;

  constructor(private readonly options: SimulatorOptions) {
    // The same seed gives the same plant story.
    this.rand = createRandom(options.seed).next;
    this.runId = Date.now().toString(36);
    this.floor = options.tickMinutes
      ? new PlantFloor({
          seed: options.seed,
          tickMinutes: options.tickMinutes,
          start: options.start ?? new Date('2026-01-05T00:00:00Z'),
          base: (now, line) => this.base(now, line),
          onIncident: options.onIncident,
          orders: options.orders === false ? null : (options.orders ?? {}),
          params: options.floor,
        })
      : null;
    this.wcs = DEMO_WORK_CENTERS.map((w) => ({ code: w.code, line: w.line, state: 'RUNNING', downUntilTick: 0 }));
    this.lineside = DEMO_STOCK.filter((s) => s.location.startsWith('LINESIDE:')).map((s) => ({ ...s, full: s.quantity }));
    for (const o of DEMO_OPERATORS) this.onShift.set(o.operator, true);
  }

  private base(now: Date, line?: string) {
    this.seq++;
    return { id: `${this.options.gateway}:${this.runId}:${String(this.seq).padStart(6, '0')}`, ts: now.toISOString(), site: DEMO_SITE.id, ...(line ? { line } : {}) };
  }

  /** The events of one tick (roughly: one second of a busy plant, compressed). */
  next(now = new Date()): PlantEvent[] {
    if (this.floor) return this.floor.next();
    this.tick++;
    const events: PlantEvent[] = [];
    const r = this.rand;
    for (const wc of this.wcs) {
      if (wc.state === 'DOWN' && this.tick >= wc.downUntilTick) {
        wc.state = 'RUNNING';
        if (wc.breakdown) this.options.onIncident?.({ ...wc.breakdown, end: now.toISOString() });
        wc.breakdown = undefined;
        events.push({ ...this.base(now, wc.line), type: 'machine_state', work_center: wc.code, state: 'RUNNING', reason: null, expected_up_at: null });
      } else if (wc.state === 'RUNNING' && r() < (this.options.breakdownRate ?? 0.004)) {
        wc.state = 'DOWN';
        const ticks = 20 + Math.floor(r() * 120);
        wc.downUntilTick = this.tick + ticks;
        const hours = 0.5 + r() * 10;
        const reasons = ['spindle fault', 'conveyor jam', 'torque tool calibration', 'hydraulic leak', 'sensor failure'];
        const reason = reasons[Math.floor(r() * reasons.length)];
        const expectedUpAt = new Date(now.getTime() + hours * 3_600_000).toISOString();
        wc.breakdown = { incident: 'breakdown', work_center: wc.code, line: wc.line, reason, start: now.toISOString(), end: null, expected_up_at: expectedUpAt };
        events.push({
          ...this.base(now, wc.line),
          type: 'machine_state',
          work_center: wc.code,
          state: 'DOWN',
          reason,
          expected_up_at: expectedUpAt,
        });
      }
      if (this.tick % 10 === 0 || r() < 0.05) {
        const running = wc.state === 'RUNNING';
        events.push({
          ...this.base(now, wc.line),
          type: 'oee_snapshot',
          work_center: wc.code,
          availability: running ? round(0.82 + r() * 0.16) : round(0.3 + r() * 0.3),
          performance: round(0.78 + r() * 0.2),
          quality: round(0.95 + r() * 0.049),
        });
      }
    }
    // Line-side stock is consumed, scanned, and replenished when low.
    for (const bin of this.lineside) {
      if (r() < 0.15) {
        bin.quantity = Math.max(0, Math.round(bin.quantity - bin.full * (0.01 + r() * 0.05)));
        if (bin.quantity === 0 && !bin.stockout) bin.stockout = { incident: 'stockout', material: bin.material, location: bin.location, start: now.toISOString(), end: null };
        if (bin.quantity < bin.full * 0.15 && r() < 0.5) {
          this.options.onIncident?.({ incident: 'replenishment', material: bin.material, location: bin.location, at: now.toISOString(), from_quantity: bin.quantity, to_quantity: bin.full });
          if (bin.stockout) this.options.onIncident?.({ ...bin.stockout, end: now.toISOString() });
          bin.stockout = undefined;
          bin.quantity = bin.full;
        }
        events.push({ ...this.base(now, bin.location.slice(9)), type: 'inventory_scan', material: bin.material, location: bin.location, quantity: bin.quantity, uom: 'EA', batch: null });
      }
    }
    // Now and then an operator takes a break or comes back.
    if (r() < 0.03) {
      const o = DEMO_OPERATORS[Math.floor(r() * DEMO_OPERATORS.length)];
      const was = this.onShift.get(o.operator) ?? true;
      this.onShift.set(o.operator, !was);
      if (was) this.away.set(o.operator, { incident: 'operator_away', operator: o.operator, work_center: o.workCenter, start: now.toISOString(), end: null });
      else {
        const a = this.away.get(o.operator);
        if (a) this.options.onIncident?.({ ...a, end: now.toISOString() });
        this.away.delete(o.operator);
      }
      events.push({ ...this.base(now), type: 'operator_shift', operator: o.operator, work_center: o.workCenter, action: was ? 'CLOCK_OUT' : 'CLOCK_IN', skills: o.skills, from: null, to: null });
    }
    return events;
  }

  /** Reports the incidents still going on (end: null), e.g. when the simulation stops. */
  flushIncidents(): void {
    if (this.floor) return this.floor.flushIncidents();
    for (const wc of this.wcs) if (wc.breakdown) this.options.onIncident?.(wc.breakdown);
    for (const bin of this.lineside) if (bin.stockout) this.options.onIncident?.(bin.stockout);
    for (const a of this.away.values()) this.options.onIncident?.(a);
  }
}

function round(x: number): number {
  return Math.round(Math.min(1, x) * 1000) / 1000;
}
