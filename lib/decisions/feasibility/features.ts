// Features of an order against the floor, as the feasibility model sees them.
// Pure: the same function builds training rows (from simulated history) and
// live rows (from the database), so the two can never drift apart.
export type MachineStateName = 'RUNNING' | 'IDLE' | 'DOWN' | 'MAINTENANCE';

export interface FeasibilityFeatureInput {
  now: Date;
  dueDate: Date;
  quantity: number;
  /** Nominal output of the work center, base units per hour at 100 % OEE. */
  ratePerHour: number;
  /** availability × performance × quality of the work center, null when unknown. */
  oee: number | null;
  machineState: MachineStateName;
  /** Hours until a DOWN/MAINTENANCE work center is expected back; null when unknown or running. */
  hoursUntilUp: number | null;
  /** Planned hours of the released and started orders queued at the work center. */
  queueHours: number;
  /** Number of released or started orders at the work center. */
  wipOrders: number;
  certifiedOperatorsOnShift: number;
  /** Certified operators on the work center's roster, those on shift included (so never below certifiedOperatorsOnShift). */
  certifiedOperatorsRostered: number;
  /** min over BOM components of (all available stock ÷ requirement); 5 when there is no BOM. */
  stockCover: number;
  /** min over BOM components of (line-side stock ÷ requirement); 5 when there is no BOM. */
  linesideCover: number;
}

export const FEATURE_NAMES = [
  'quantity',
  'planned_hours',
  'slack_hours',
  'slack_ratio',
  'queue_hours',
  'wip_orders',
  'oee',
  'machine_down',
  'hours_until_up',
  'operators_on_shift',
  'operators_rostered',
  'stock_cover',
  'lineside_cover',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** OEE assumed when the floor has not reported one: a typical discrete-assembly value. */
export const DEFAULT_OEE = 0.75;
const COVER_CAP = 5;
const UNKNOWN_UP_HOURS = 24;

export function plannedHours(quantity: number, ratePerHour: number, oee: number | null): number {
  const effective = Math.max(ratePerHour * (oee ?? DEFAULT_OEE), 1e-6);
  return quantity / effective;
}

export function toFeatureVector(input: FeasibilityFeatureInput): number[] {
  const hours = plannedHours(input.quantity, input.ratePerHour, input.oee);
  const slack = (input.dueDate.getTime() - input.now.getTime()) / 3_600_000;
  const down = input.machineState === 'DOWN' || input.machineState === 'MAINTENANCE';
  return [
    input.quantity,
    hours,
    slack,
    // How many times the remaining time covers the work; negative when already late.
    slack / Math.max(hours + input.queueHours, 0.1),
    input.queueHours,
    input.wipOrders,
    input.oee ?? DEFAULT_OEE,
    down ? 1 : 0,
    down ? (input.hoursUntilUp ?? UNKNOWN_UP_HOURS) : 0,
    input.certifiedOperatorsOnShift,
    input.certifiedOperatorsRostered,
    Math.min(input.stockCover, COVER_CAP),
    Math.min(input.linesideCover, COVER_CAP),
  ];
}
