// Demo mode: the ERP side of the demo plant (prisma/demo-plant.ts). Seeds a
// few unreleased orders on a fresh state and then plans a new one at a fixed
// interval, as MRP would, so the console always has work to decide on.
import { DEMO_BOMS, DEMO_ROUTING, DEMO_SITE, DEMO_STORAGE_LOCATION, DEMO_WORK_CENTERS, DEMO_MATERIALS } from '@/prisma/demo-plant';
import type { SapSimState, SimOrder } from './sap-sim-state';

const HOUR = 3_600_000;
const SEED_ORDERS = 6;

export type Random = () => number;

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}

function between(min: number, max: number, random: Random): number {
  return min + random() * (max - min);
}

/** A new unreleased order for a random finished material, due 4–48 h from now. */
export function createDemoOrder(state: SapSimState, random: Random = Math.random): SimOrder {
  const material = pick(Object.keys(DEMO_ROUTING), random);
  const { workCenter } = DEMO_ROUTING[material];
  const rate = DEMO_WORK_CENTERS.find((w) => w.code === workCenter)?.ratePerHour ?? 100;
  // One to eight hours of work at nominal rate: a pump order is not a valve order.
  const quantity = Math.round(rate * between(1, 8, random));
  const uom = DEMO_MATERIALS.find((m) => m.code === material)?.uom ?? 'EA';
  const now = state.now();
  // Whole minutes: SAP order dates carry no seconds worth showing.
  const plannedEnd = new Date(Math.round((now.getTime() + between(4, 48, random) * HOUR) / 60_000) * 60_000);
  // Start as late as the work allows at nominal rate, but not in the past.
  const hoursOfWork = quantity / rate;
  const latestStart = Math.floor((plannedEnd.getTime() - hoursOfWork * HOUR) / 60_000) * 60_000;
  const plannedStart = new Date(Math.max(Math.ceil(now.getTime() / 60_000) * 60_000, latestStart));
  const bom = DEMO_BOMS.find((b) => b.material === material);
  return state.createOrder({
    plant: DEMO_SITE.id,
    material,
    quantity,
    unit: uom,
    workCenter,
    plannedStart,
    plannedEnd,
    components: (bom?.items ?? []).map((item) => ({
      material: item.component,
      quantity: item.quantity * quantity,
      unit: item.uom,
      storageLocation: DEMO_STORAGE_LOCATION,
    })),
  });
}

/** Seeds a fresh state; a state that already holds orders (from the state file) is left alone. */
export function seedDemoOrders(state: SapSimState, random: Random = Math.random): SimOrder[] {
  if (state.orderCount > 0) return [];
  return Array.from({ length: SEED_ORDERS }, () => createDemoOrder(state, random));
}

/** Plans a new order every `intervalMs`; returns the function that stops it. */
export function startDemoOrderFlow(state: SapSimState, intervalMs: number, onOrder?: (order: SimOrder) => void, random: Random = Math.random): () => void {
  const timer = setInterval(() => {
    const order = createDemoOrder(state, random);
    onOrder?.(order);
  }, intervalMs);
  // The flow alone must not keep a process alive that is otherwise done.
  timer.unref();
  return () => clearInterval(timer);
}
