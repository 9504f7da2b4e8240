// The floor as Interlock knows it: folded from the plant events alone, with the
// semantics of the live state tables (apply-plant-event.ts) and read the way
// load-floor-snapshot.ts reads them. The plant simulator records an order's
// features from this view, never from its own true state, so the features
// hold only what the events told and nothing of what happened next.
import type { ComponentSnapshot, FloorSnapshot } from '@/lib/decisions/feasibility/evaluate-feasibility';
import type { MachineStateName } from '@/lib/decisions/feasibility/features';
import { plannedHours } from '@/lib/decisions/feasibility/features';
import type { PlantEvent } from '@/lib/ignition/plant-event.schema';
import type { DemoBom, DemoWorkCenter } from '@/prisma/demo-plant';

interface ObservedMachine {
  state: MachineStateName;
  reason: string | null;
  expectedUpAt: Date | null;
  availability: number | null;
  performance: number | null;
  quality: number | null;
}

interface ObservedShift {
  workCenter: string;
  status: 'ON_SHIFT' | 'OFF' | 'ROSTERED';
  skills: string[];
  fromTs: Date | null;
  toTs: Date | null;
}

/** An order the ERP has released and Interlock can count at its work center. */
export interface ObservedOrder {
  order: string;
  workCenter: string;
  quantity: number;
}

export interface ObservedOrderRequest {
  order: string;
  material: string;
  quantity: number;
  dueDate: Date;
  workCenter: DemoWorkCenter;
  /** The BOM the order's operation consumes; null when the operation takes no components. */
  bom: DemoBom | null;
}

export class ObservedFloor {
  private readonly machines = new Map<string, ObservedMachine>();
  private readonly shifts = new Map<string, ObservedShift>();
  /** material → location → counted quantity. */
  private readonly stock = new Map<string, Map<string, number>>();

  constructor(private readonly siteId: string) {}

  private machine(workCenter: string): ObservedMachine {
    let m = this.machines.get(workCenter);
    if (!m) {
      // A work center nothing was heard from reads as RUNNING with no OEE, as in the live mirror.
      m = { state: 'RUNNING', reason: null, expectedUpAt: null, availability: null, performance: null, quality: null };
      this.machines.set(workCenter, m);
    }
    return m;
  }

  /** Events must arrive in time order (the simulator emits them so). */
  apply(e: PlantEvent): void {
    switch (e.type) {
      case 'machine_state': {
        const m = this.machine(e.work_center);
        m.state = e.state;
        m.reason = e.reason ?? null;
        m.expectedUpAt = e.expected_up_at ? new Date(e.expected_up_at) : null;
        break;
      }
      case 'oee_snapshot':
        Object.assign(this.machine(e.work_center), { availability: e.availability, performance: e.performance, quality: e.quality });
        break;
      case 'operator_shift':
        this.shifts.set(e.operator, {
          workCenter: e.work_center,
          status: e.action === 'CLOCK_IN' ? 'ON_SHIFT' : e.action === 'CLOCK_OUT' ? 'OFF' : 'ROSTERED',
          skills: e.skills,
          fromTs: e.from ? new Date(e.from) : e.action === 'CLOCK_IN' ? new Date(e.ts) : null,
          toTs: e.to ? new Date(e.to) : null,
        });
        break;
      case 'inventory_scan': {
        // A scan is a count: it replaces the quantity at that location.
        const byLocation = this.stock.get(e.material) ?? new Map<string, number>();
        byLocation.set(e.location, e.quantity);
        this.stock.set(e.material, byLocation);
        break;
      }
      default:
        // Consumption, confirmations and order status do not change what the features read here:
        // the simulator's line-side counts follow consumption through scans.
        break;
    }
  }

  oee(workCenter: string): number | null {
    const m = this.machine(workCenter);
    return m.availability !== null && m.performance !== null && m.quality !== null ? m.availability * m.performance * m.quality : null;
  }

  /** Planned hours of the orders at the work center, as the live snapshot counts them (whole quantities at the current OEE). */
  queueOf(workCenter: DemoWorkCenter, orders: readonly ObservedOrder[], except?: string): { orders: number; hours: number } {
    const oee = this.oee(workCenter.code);
    const mine = orders.filter((o) => o.workCenter === workCenter.code && o.order !== except);
    return { orders: mine.length, hours: mine.reduce((h, o) => h + plannedHours(o.quantity, workCenter.ratePerHour, oee), 0) };
  }

  /** What loadFloorSnapshot would read for this order at `now`, with `orders` the released and started orders of the plant. */
  snapshot(req: ObservedOrderRequest, now: Date, orders: readonly ObservedOrder[]): FloorSnapshot {
    const wc = req.workCenter;
    const m = this.machine(wc.code);
    const here = [...this.shifts.entries()].filter(([, s]) => s.workCenter === wc.code);
    const lineside = `LINESIDE:${wc.line}`;
    const components: ComponentSnapshot[] | null = req.bom
      ? req.bom.items.map((item) => {
          const counts = [...(this.stock.get(item.component) ?? new Map<string, number>()).entries()];
          return {
            material: item.component,
            uom: item.uom,
            required: item.quantity * req.quantity,
            lineside: counts.filter(([location]) => location === lineside).reduce((q, [, n]) => q + n, 0),
            // Another line's line-side stock is not available to this order.
            storage: counts.filter(([location]) => !location.startsWith('LINESIDE:')).reduce((q, [, n]) => q + n, 0),
            receipts: [],
          };
        })
      : null;
    return {
      now,
      order: {
        orderId: req.order,
        siteId: this.siteId,
        material: req.material,
        materialKnown: true,
        quantity: req.quantity,
        dueDate: req.dueDate,
        workCenter: wc.code,
        requiredSkill: wc.skill,
      },
      workCenter: {
        code: wc.code,
        lineCode: wc.line,
        ratePerHour: wc.ratePerHour,
        state: m.state,
        reason: m.reason,
        expectedUpAt: m.expectedUpAt,
        oee: this.oee(wc.code),
      },
      queue: this.queueOf(wc, orders, req.order),
      operators: {
        onShift: here.filter(([, s]) => s.status === 'ON_SHIFT').map(([operator, s]) => ({ operator, skills: s.skills })),
        rostered: here
          .filter(([, s]) => s.status === 'ROSTERED' && (!s.toTs || s.toTs > now))
          .map(([operator, s]) => ({ operator, skills: s.skills, from: s.fromTs })),
      },
      components,
    };
  }
}
