// The demo plant's order history, simulated, because a fresh installation has
// no history of its own to learn from. Each order gets a plausible floor
// situation (the features the model sees) and an outcome drawn from a latent
// process the model does not see: true downtime, replenishment delays,
// operator cover and the pace of the work. The noise in that process is what
// keeps a good model honest (AUC in the mid 0.9s, not 1.0).
import { DEMO_WORK_CENTERS, type DemoWorkCenter } from '@/prisma/demo-plant';
import { createRandom, type Random } from '@/lib/ml/random';
import { plannedHours, type FeasibilityFeatureInput, type MachineStateName } from '@/lib/decisions/feasibility/features';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface SimulatedOrder {
  id: string;
  /** Simulated day, 0-based: the unit of the time-based train/held-out split. */
  day: number;
  workCenter: string;
  input: FeasibilityFeatureInput;
  finishedAt: Date;
  onTime: boolean;
}

export interface SimulatedHistoryOptions {
  seed: number;
  days: number;
  ordersPerDay?: number;
  /** Midnight of day 0; fixed by default so the history depends on the seed alone. */
  start?: Date;
}

export const DEFAULT_ORDERS_PER_DAY = 170;
const DEFAULT_START = new Date('2025-01-06T00:00:00Z');

// Dividing by 1/step (not multiplying by step) gives clean decimals: 0.95, not 0.9500000000000001.
const round = (value: number, step: number) =>
  step >= 1 ? Math.round(value / step) * step : Math.round(value / step) / Math.round(1 / step);
const lognormal = (random: Random, sigma: number) => Math.exp(sigma * random.normal());

function drawMachineState(random: Random): MachineStateName {
  const u = random.next();
  if (u < 0.68) return 'RUNNING';
  if (u < 0.82) return 'IDLE';
  if (u < 0.94) return 'DOWN';
  return 'MAINTENANCE';
}

function drawHoursUntilUp(random: Random, state: MachineStateName): number | null {
  if (state === 'MAINTENANCE') return round(random.uniform(1, 12), 0.5);
  // Breakdowns often have no estimate yet.
  if (state === 'DOWN') return random.chance(0.25) ? null : round(Math.min(random.exponential(5), 48), 0.1);
  return null;
}

function drawOperators(random: Random): { onShift: number; rostered: number } {
  const u = random.next();
  const rostered = u < 0.08 ? 0 : u < 0.38 ? 1 : u < 0.78 ? 2 : 3;
  // Most orders are looked at during a shift; the rest between shifts or with people absent.
  if (random.chance(0.75)) return { onShift: rostered, rostered };
  return { onShift: random.chance(0.6) ? 0 : random.int(0, rostered), rostered };
}

function drawCover(random: Random): { stockCover: number; linesideCover: number } {
  // Orders without a BOM (rework, services) report the cap.
  if (random.chance(0.1)) return { stockCover: 5, linesideCover: 5 };
  const u = random.next();
  const stockCover = u < 0.7 ? random.uniform(1, 5) : u < 0.9 ? random.uniform(0.3, 1) : random.uniform(0, 0.3);
  const linesideCover = stockCover * random.uniform(0.1, 1);
  return { stockCover: round(stockCover, 0.01), linesideCover: round(linesideCover, 0.01) };
}

/** A floor situation as the model would see it for a new order at `now`. */
export function drawFloorSituation(random: Random, now: Date): { workCenter: DemoWorkCenter; input: FeasibilityFeatureInput } {
  const workCenter = random.pick(DEMO_WORK_CENTERS);
  const quantity = Math.max(50, round(Math.exp(random.uniform(Math.log(50), Math.log(1500))), 10));
  // Centre-heavy (sum of two uniforms) around 0.7; some centers do not report OEE.
  const oee = random.chance(0.05) ? null : round(0.45 + 0.25 * (random.next() + random.next()), 0.01);
  const queueHours = random.chance(0.15) ? 0 : round(Math.min(random.exponential(8), 30), 0.1);
  const wipOrders = queueHours === 0 ? random.int(0, 1) : Math.max(1, Math.round(queueHours / random.uniform(2, 6)));
  const machineState = drawMachineState(random);
  const hoursUntilUp = drawHoursUntilUp(random, machineState);
  const operators = drawOperators(random);
  const cover = drawCover(random);

  // Half the due dates come from a planner who looked at the work (so many are
  // tight but reasonable), half from customers who did not.
  const work = plannedHours(quantity, workCenter.ratePerHour, oee);
  const dueHours = random.chance(0.5)
    ? random.uniform(2, 72)
    : Math.min(72, Math.max(2, (work + queueHours) * random.uniform(0.6, 2) + random.uniform(0, 4)));

  return {
    workCenter,
    input: {
      now,
      dueDate: new Date(now.getTime() + round(dueHours, 0.25) * HOUR_MS),
      quantity,
      ratePerHour: workCenter.ratePerHour,
      oee,
      machineState,
      hoursUntilUp,
      queueHours,
      wipOrders,
      certifiedOperatorsOnShift: operators.onShift,
      certifiedOperatorsRostered: operators.rostered,
      stockCover: cover.stockCover,
      linesideCover: cover.linesideCover,
    },
  };
}

/**
 * Hours from `now` until the order is finished, drawn from the latent process.
 * Waiting for the machine or for an operator holds the whole queue; waiting for
 * material runs alongside the queue; then the work itself at a noisy pace.
 */
export function simulateFinishHours(input: FeasibilityFeatureInput, random: Random): number {
  let machineWait = 0;
  if (input.machineState === 'DOWN') {
    const estimate = input.hoursUntilUp ?? random.exponential(6);
    machineWait = estimate * lognormal(random, 0.4);
  } else if (input.machineState === 'MAINTENANCE') {
    machineWait = (input.hoursUntilUp ?? random.uniform(1, 12)) * lognormal(random, 0.2);
  } else if (input.machineState === 'IDLE') {
    machineWait = random.uniform(0, 0.5);
  }

  let operatorWait = 0;
  if (input.certifiedOperatorsOnShift === 0) {
    // Someone rostered arrives with the next shift; otherwise cover must be found.
    operatorWait = input.certifiedOperatorsRostered > 0 ? random.uniform(1, 8) : random.uniform(6, 20);
  }

  let materialWait = 0;
  if (input.stockCover < 1) {
    materialWait = 2 + 10 * (1 - input.stockCover) * lognormal(random, 0.5);
  } else if (input.linesideCover < 1) {
    materialWait = random.uniform(0.3, 2);
  }

  const queue = input.queueHours * lognormal(random, 0.3);
  const start = Math.max(Math.max(machineWait, operatorWait) + queue, materialWait);

  // The reported OEE is a recent average; the order's own pace varies around it,
  // more so when nothing was reported.
  const paceNoise = lognormal(random, input.oee === null ? 0.4 : 0.3);
  const crewFactor = input.certifiedOperatorsOnShift === 1 ? 1.08 : 1;
  let work = plannedHours(input.quantity, input.ratePerHour, input.oee) * paceNoise * crewFactor;
  // Unplanned stops during the run that nobody could have known about.
  if (random.chance(0.07)) work += random.exponential(5);

  return start + work;
}

export function generateSimulatedHistory(options: SimulatedHistoryOptions): SimulatedOrder[] {
  const ordersPerDay = options.ordersPerDay ?? DEFAULT_ORDERS_PER_DAY;
  const start = (options.start ?? DEFAULT_START).getTime();
  const random = createRandom(options.seed);
  const orders: SimulatedOrder[] = [];

  for (let day = 0; day < options.days; day++) {
    const times = Array.from({ length: ordersPerDay }, () => random.uniform(0, DAY_MS)).sort((a, b) => a - b);
    times.forEach((offset, i) => {
      const now = new Date(start + day * DAY_MS + Math.round(offset / 60_000) * 60_000);
      const { workCenter, input } = drawFloorSituation(random, now);
      const finishedAt = new Date(now.getTime() + simulateFinishHours(input, random) * HOUR_MS);
      orders.push({
        id: `SIM-${String(day).padStart(3, '0')}-${String(i).padStart(4, '0')}`,
        day,
        workCenter: workCenter.code,
        input,
        finishedAt,
        onTime: finishedAt.getTime() <= input.dueDate.getTime(),
      });
    });
  }
  return orders;
}
