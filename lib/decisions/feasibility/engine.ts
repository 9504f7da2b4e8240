// The engine's name in file names, model cards and model versions
// ('feasibility@3'), and the vocabulary that turns its model inputs into plain
// words. Its own file so the API's model loader does not import the trainer;
// client-safe, so the console can word explanations with it.
import type { FeatureName } from '@/lib/decisions/feasibility/features';
import type { FeatureContribution } from '@/lib/ml/explain';

export const FEASIBILITY_ENGINE = 'feasibility';
/** The recommendation type the engine's model scores. */
export const FEASIBILITY_DECISION_TYPE = 'ORDER_RELEASE';
/** What the model's probability is a probability of, in the words of an explanation. */
export const FEASIBILITY_OUTCOME = 'the on-time probability';

type Unit = 'units' | 'h' | 'ratio' | 'orders' | 'percent' | 'yes/no' | 'people' | 'cover';

export interface FeatureVocabulary {
  label: string;
  unit: Unit;
  kind: 'continuous' | 'count' | 'binary';
  description: string;
}

export const FEASIBILITY_FEATURES: Record<FeatureName, FeatureVocabulary> = {
  quantity: { label: 'Order quantity', unit: 'units', kind: 'continuous', description: 'Order quantity, base units.' },
  planned_hours: { label: 'Planned run time', unit: 'h', kind: 'continuous', description: 'quantity ÷ (rate × OEE), hours.' },
  slack_hours: { label: 'Slack to due date', unit: 'h', kind: 'continuous', description: 'Hours from now to the due date.' },
  slack_ratio: { label: 'Slack ratio', unit: 'ratio', kind: 'continuous', description: 'slack ÷ (planned + queue hours).' },
  queue_hours: { label: 'Queue ahead', unit: 'h', kind: 'continuous', description: 'Planned hours queued ahead at the work center.' },
  wip_orders: { label: 'Orders at the work center', unit: 'orders', kind: 'count', description: 'Released or started orders at the work center.' },
  oee: { label: 'OEE', unit: 'percent', kind: 'continuous', description: 'Reported OEE, default 0.75 when unknown.' },
  machine_down: { label: 'Machine down', unit: 'yes/no', kind: 'binary', description: '1 when DOWN or MAINTENANCE.' },
  hours_until_up: {
    label: 'Time until the machine is back',
    unit: 'h',
    kind: 'continuous',
    description: 'Expected hours until up when down, 24 when unknown, else 0.',
  },
  operators_on_shift: { label: 'Certified operators on shift', unit: 'people', kind: 'count', description: 'Certified operators on shift.' },
  operators_rostered: { label: 'Certified operators rostered', unit: 'people', kind: 'count', description: 'Certified operators rostered.' },
  stock_cover: { label: 'Stock cover', unit: 'cover', kind: 'continuous', description: 'Min component cover by all stock, capped at 5.' },
  lineside_cover: { label: 'Line-side cover', unit: 'cover', kind: 'continuous', description: 'Min component cover by line-side stock, capped at 5.' },
};

function vocabularyOf(feature: string): FeatureVocabulary | undefined {
  return (FEASIBILITY_FEATURES as Record<string, FeatureVocabulary>)[feature];
}

const trim = (x: number, digits: number) => String(Math.round(x * 10 ** digits) / 10 ** digits);

/** A feature value the way a supervisor reads it: "6.2 h", "75 %", "yes", "1.4× the requirement". */
export function formatFeatureValue(feature: string, value: number | null): string {
  if (value === null) return 'unknown';
  const unit = vocabularyOf(feature)?.unit;
  switch (unit) {
    case 'h':
      return `${trim(value, 1)} h`;
    case 'percent':
      return `${Math.round(value * 100)} %`;
    case 'yes/no':
      return value >= 0.5 ? 'yes' : 'no';
    case 'ratio':
      return `${trim(value, 2)}×`;
    case 'cover':
      return `${trim(value, 2)}× the requirement`;
    case 'units':
    case 'orders':
    case 'people':
      return `${trim(value, 0)} ${unit === 'units' ? 'units' : unit}`;
    default:
      return trim(value, 3);
  }
}

export function featureLabel(feature: string): string {
  return vocabularyOf(feature)?.label ?? feature;
}

/** "Slack to due date (6.2 h) pushed the on-time probability down." */
export function describeContribution(c: FeatureContribution): string {
  const direction = c.contribution > 0 ? 'up' : 'down';
  return `${featureLabel(c.feature)} (${formatFeatureValue(c.feature, c.value)}) pushed ${FEASIBILITY_OUTCOME} ${direction}.`;
}
