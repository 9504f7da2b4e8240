// Runs the simulated plant as fast as it computes, in simulated time, with no
// transport: the offline mode of `npm run simulate`, and the source of the
// recorded order ground truth. Orders are recorded when released during the
// requested days; the floor then runs on (new orders keep arriving, unrecorded,
// so the recorded ones meet the same floor) until every recorded order has
// finished or the drain limit is reached.
import { PlantSimulator, type Incident } from '@/lib/ignition/simulator/plant-simulator';
import type { FloorParams } from '@/lib/ignition/simulator/plant-floor';
import type { PlantOrderStats, PlantOrdersOptions } from '@/lib/ignition/simulator/plant-orders';

const DAY_MS = 24 * 3_600_000;

export const DEFAULT_OFFLINE_START = new Date('2026-01-05T00:00:00Z');

export interface OfflinePlantOptions {
  seed: number;
  /** Days during which released orders are recorded. */
  days: number;
  /** Simulated minutes per tick (default 1). */
  tickMinutes?: number;
  start?: Date;
  /** Longest the floor runs on after the last recorded day (default 14 days). */
  maxDrainDays?: number;
  orders?: Omit<PlantOrdersOptions, 'recordUntil'>;
  floor?: Partial<FloorParams>;
  onIncident?: (incident: Incident) => void;
  /** After each simulated day (including the drain). */
  onDay?: (progress: OfflineProgress) => void;
}

export interface OfflineProgress {
  day: number;
  draining: boolean;
  orders: PlantOrderStats;
  events: number;
}

export interface OfflinePlantSummary {
  seed: number;
  days: number;
  start: string;
  /** When the simulation stopped (simulated). */
  end: string;
  simulatedDays: number;
  ticks: number;
  events: number;
  orders: PlantOrderStats;
  /** Recorded orders still open at the end: past their due date (written as late) or not. */
  unfinishedLate: number;
  incidents: Record<string, number>;
}

export function runOfflinePlant(options: OfflinePlantOptions): OfflinePlantSummary {
  if (!(Number.isInteger(options.days) && options.days >= 1)) throw new Error('days must be a whole number ≥ 1');
  const start = options.start ?? DEFAULT_OFFLINE_START;
  const recordUntil = new Date(start.getTime() + options.days * DAY_MS);
  const drainUntil = recordUntil.getTime() + (options.maxDrainDays ?? 14) * DAY_MS;
  const incidents: Record<string, number> = {};
  let unfinishedLate = 0;
  const sim = new PlantSimulator({
    gateway: 'offline',
    seed: options.seed,
    tickMinutes: options.tickMinutes ?? 1,
    start,
    orders: { ...options.orders, recordUntil },
    floor: options.floor,
    onIncident: (i) => {
      incidents[i.incident] = (incidents[i.incident] ?? 0) + 1;
      if (i.incident === 'order_outcome' && i.finished_at === null) unfinishedLate++;
      options.onIncident?.(i);
    },
  });
  const floor = sim.floor!;
  const orders = floor.orders!;
  let events = 0;
  let nextDay = start.getTime() + DAY_MS;
  const time = () => floor.now.getTime();

  while (time() < recordUntil.getTime() || (orders.stats().open > 0 && time() < drainUntil)) {
    events += sim.next().length;
    if (time() >= nextDay) {
      options.onDay?.({ day: Math.round((nextDay - start.getTime()) / DAY_MS), draining: nextDay > recordUntil.getTime(), orders: orders.stats(), events });
      nextDay += DAY_MS;
    }
  }
  sim.flushIncidents();
  return {
    seed: options.seed,
    days: options.days,
    start: start.toISOString(),
    end: floor.now.toISOString(),
    simulatedDays: (time() - start.getTime()) / DAY_MS,
    ticks: floor.tickCount,
    events,
    orders: orders.stats(),
    unfinishedLate,
    incidents,
  };
}
