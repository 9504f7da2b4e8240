// The plant simulator's recorded ground truth (`npm run simulate -- --offline
// --truth <file>`, JSON lines) as feasibility rows: each finished order's
// features, captured at its release from what the floor had reported, and
// whether it finished by its due date. Every line is validated; a bad line is
// reported with its number rather than skipped, since a truth file that does
// not parse is a broken experiment. Other incidents (breakdowns, stock-outs,
// refills, operators away) are not rows and are passed over.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { toFeatureVector, type FeasibilityFeatureInput } from '@/lib/decisions/feasibility/features';
import type { FeasibilityDataset, FeasibilityExample } from '@/lib/decisions/feasibility/train-feasibility-model';

const DAY_MS = 24 * 3_600_000;
const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' });
const count = z.number().int().min(0);

/** FeasibilityFeatureInput as JSON: the two dates as ISO strings. */
export const featuresJsonSchema = z.object({
  now: isoTime,
  dueDate: isoTime,
  quantity: z.number().positive(),
  ratePerHour: z.number().positive(),
  oee: z.number().min(0).max(1).nullable(),
  machineState: z.enum(['RUNNING', 'IDLE', 'DOWN', 'MAINTENANCE']),
  hoursUntilUp: z.number().min(0).nullable(),
  queueHours: z.number().min(0),
  wipOrders: count,
  certifiedOperatorsOnShift: count,
  certifiedOperatorsRostered: count,
  stockCover: z.number().min(0),
  linesideCover: z.number().min(0),
});

export const orderOutcomeSchema = z
  .object({
    incident: z.literal('order_outcome'),
    order: z.string().min(1),
    work_center: z.string().min(1),
    material: z.string().min(1).optional(),
    due_source: z.enum(['planner', 'customer']).optional(),
    released_at: isoTime,
    due: isoTime,
    /** null: not finished when the simulation stopped, after its due date (so known to be late). */
    finished_at: isoTime.nullable(),
    on_time: z.boolean(),
    features: featuresJsonSchema,
  })
  .superRefine((o, ctx) => {
    const at = (s: string) => Date.parse(s);
    if (at(o.features.now) !== at(o.released_at)) ctx.addIssue({ code: 'custom', path: ['features', 'now'], message: 'must be the release time (released_at)' });
    if (at(o.features.dueDate) !== at(o.due)) ctx.addIssue({ code: 'custom', path: ['features', 'dueDate'], message: 'must be the due date (due)' });
    if (o.finished_at === null) {
      if (o.on_time) ctx.addIssue({ code: 'custom', path: ['on_time'], message: 'an order not finished cannot be on time' });
      return;
    }
    if (at(o.finished_at) < at(o.released_at)) ctx.addIssue({ code: 'custom', path: ['finished_at'], message: 'is before released_at' });
    if (o.on_time !== at(o.finished_at) <= at(o.due)) ctx.addIssue({ code: 'custom', path: ['on_time'], message: 'disagrees with finished_at and due' });
  });

export type OrderOutcome = z.infer<typeof orderOutcomeSchema>;

export interface TruthLineError {
  /** 1-based, as an editor shows it. */
  line: number;
  message: string;
}

export interface PlantTruth {
  /** Order outcomes in release order. */
  outcomes: OrderOutcome[];
  /** The outcomes as training rows (vector = toFeatureVector, label = on time, day = whole days since the first release). */
  examples: FeasibilityExample[];
  errors: TruthLineError[];
  /** Lines holding other incidents, passed over. */
  otherIncidents: number;
}

export function outcomeFeatures(o: OrderOutcome): FeasibilityFeatureInput {
  return { ...o.features, now: new Date(o.features.now), dueDate: new Date(o.features.dueDate) };
}

const issueText = (issues: readonly z.core.$ZodIssue[]) => issues.map((i) => `${i.path.length ? i.path.join('.') : '(line)'}: ${i.message}`).join('; ');

export function parsePlantTruth(text: string): PlantTruth {
  const outcomes: { outcome: OrderOutcome; line: number }[] = [];
  const errors: TruthLineError[] = [];
  const seen = new Map<string, number>();
  let otherIncidents = 0;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line, message: `not JSON (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    const incident = typeof value === 'object' && value !== null && 'incident' in value ? (value as { incident: unknown }).incident : undefined;
    if (typeof incident !== 'string') {
      errors.push({ line, message: 'not an incident: no "incident" field' });
      return;
    }
    if (incident !== 'order_outcome') {
      otherIncidents++;
      return;
    }
    const parsed = orderOutcomeSchema.safeParse(value);
    if (!parsed.success) {
      errors.push({ line, message: issueText(parsed.error.issues) });
      return;
    }
    const first = seen.get(parsed.data.order);
    if (first !== undefined) {
      errors.push({ line, message: `order ${parsed.data.order} is already on line ${first}` });
      return;
    }
    seen.set(parsed.data.order, line);
    outcomes.push({ outcome: parsed.data, line });
  });

  const sorted = outcomes.map((o) => o.outcome).sort((a, b) => Date.parse(a.released_at) - Date.parse(b.released_at) || a.order.localeCompare(b.order));
  const t0 = sorted.length ? Date.parse(sorted[0].released_at) : 0;
  const examples: FeasibilityExample[] = sorted.map((o) => {
    const at = new Date(o.released_at);
    return { id: o.order, day: Math.floor((at.getTime() - t0) / DAY_MS), at, vector: toFeatureVector(outcomeFeatures(o)), label: o.on_time ? 1 : 0 };
  });
  return { outcomes: sorted, examples, errors, otherIncidents };
}

export async function readPlantTruth(file: string): Promise<PlantTruth> {
  return parsePlantTruth(await readFile(file, 'utf8'));
}

/** The truth as a training dataset for trainFeasibilityModel. */
export function plantTruthDataset(truth: PlantTruth): FeasibilityDataset {
  return { source: 'plant-truth', examples: truth.examples };
}

/** The bad lines of a truth file, for a command line (at most `max` of them). */
export function describeTruthErrors(file: string, errors: readonly TruthLineError[], max = 20): string {
  const shown = errors.slice(0, max).map((e) => `  ${file}:${e.line}: ${e.message}`);
  const more = errors.length > max ? [`  … and ${errors.length - max} more`] : [];
  return [`${file} has ${errors.length} bad line(s):`, ...shown, ...more].join('\n');
}
