import 'server-only';
import type { Tx } from '@/lib/db';
import type { Decision, Prisma, Recommendation } from '@/lib/generated/prisma/client';
import { MODEL_ENGINES } from '@/lib/models/engines';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { feasibilityLabelOf, humanActionOf, isAgreement, observedHumanActionOf, type ObservedOutcome } from '@/lib/recommendations/decision-label';
import type { DecisionEdit } from '@/lib/recommendations/decision-edit.schema';
import type { DecisionOutcome, RecommendedAction } from '@/lib/recommendations/types';

// Every human decision (and, in SHADOW autonomy, what people did in the ERP on
// their own) becomes a training example, written in the transaction of the
// change that reveals it, so an example exists exactly when its decision does.
// The features are copied from the recommendation as it was scored: the values
// the person was shown, frozen, whatever happens to the recommendation later.

export const LABEL_SOURCES = { DECISION: 'DECISION', OBSERVED: 'OBSERVED' } as const;

/** Per engine: the target a choice implies. The label is the engine's, not the decision type's. */
const LABEL_RULES: Readonly<Record<string, (humanAction: RecommendedAction, edit: DecisionEdit | null) => 0 | 1>> = {
  [FEASIBILITY_ENGINE]: (humanAction, edit) => feasibilityLabelOf(humanAction, edit?.verdict ?? null),
};

export function engineForDecisionType(decisionType: string): string | null {
  return MODEL_ENGINES.find((e) => e.decisionType === decisionType)?.engine ?? null;
}

type ScoredRecommendation = Pick<
  Recommendation,
  'id' | 'type' | 'siteId' | 'lineId' | 'workCenterId' | 'orderId' | 'modelVersion' | 'verdict' | 'recommendedAction' | 'score' | 'confidence' | 'evidence' | 'createdAt'
>;

interface EvidenceShape {
  features?: Record<string, unknown>;
  order?: { material?: string; quantity?: number };
}

/** The model's inputs as scored; anything that is not a finite number is left out (the dataset builder counts such rows). */
function frozenFeatures(evidence: EvidenceShape): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(evidence.features ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value)) out[name] = value;
  }
  return out;
}

/** What a disagreement costs: the order's value (quantity × standard cost) and its line time (planned hours as scored). */
async function costOf(tx: Tx, rec: ScoredRecommendation, features: Record<string, number>): Promise<{ costValue: number | null; costMinutes: number | null }> {
  const costMinutes = features.planned_hours !== undefined ? Math.round(features.planned_hours * 60 * 10) / 10 : null;
  const order = rec.orderId ? await tx.productionOrder.findUnique({ where: { id: rec.orderId }, include: { material: true } }) : null;
  if (order) return { costValue: order.quantity * Number(order.material.unitCost), costMinutes };
  // A gateway may ask about an order not mirrored yet: value it from what the engine saw.
  const seen = (rec.evidence as EvidenceShape).order;
  if (!seen?.material || typeof seen.quantity !== 'number') return { costValue: null, costMinutes };
  const material = await tx.material.findUnique({ where: { siteId_code: { siteId: rec.siteId, code: seen.material } } });
  return { costValue: material ? seen.quantity * Number(material.unitCost) : null, costMinutes };
}

async function baseOf(tx: Tx, rec: ScoredRecommendation, engine: string) {
  const features = frozenFeatures(rec.evidence as EvidenceShape);
  return {
    engine,
    decisionType: rec.type,
    siteId: rec.siteId,
    lineId: rec.lineId,
    workCenterId: rec.workCenterId,
    recommendationId: rec.id,
    modelVersion: rec.modelVersion,
    features: features as Prisma.InputJsonValue,
    aiVerdict: rec.verdict,
    aiAction: rec.recommendedAction,
    aiScore: rec.score,
    aiConfidence: rec.confidence,
    ...(await costOf(tx, rec, features)),
    scoredAt: rec.createdAt,
  };
}

export interface CaptureDecisionOptions {
  recommendation: ScoredRecommendation;
  decision: Pick<Decision, 'id' | 'outcome' | 'userId' | 'actorName' | 'reasonCode' | 'createdAt'>;
  /** The validated edit (the Decision row holds the same as JSON). */
  edit: DecisionEdit | null;
}

/**
 * The example of a person's decision. Returns null, writing nothing, when the
 * decision is not a person's (an auto-approval: the AI would be labelling
 * itself), when no model learns from the type, or when the recommendation is
 * labelled already: a held recommendation decided again later keeps the hold's
 * label, the judgment made on the facts as scored; the later decision follows a
 * change of those facts (a shift began, stock arrived) that the features do not show.
 */
export async function captureLabelledExample(tx: Tx, options: CaptureDecisionOptions): Promise<{ id: string } | null> {
  const { recommendation: rec, decision, edit } = options;
  if (decision.userId === null) return null;
  const engine = engineForDecisionType(rec.type);
  const labelOf = engine ? LABEL_RULES[engine] : undefined;
  if (!engine || !labelOf) return null;
  const existing = await tx.labelledExample.findUnique({ where: { recommendationId_source: { recommendationId: rec.id, source: LABEL_SOURCES.DECISION } }, select: { id: true } });
  if (existing) return null;

  const aiAction = rec.recommendedAction as RecommendedAction;
  const humanAction = humanActionOf({ outcome: decision.outcome as DecisionOutcome, aiAction, holdUntil: edit?.earliestStart ?? null });
  return tx.labelledExample.create({
    data: {
      ...(await baseOf(tx, rec, engine)),
      source: LABEL_SOURCES.DECISION,
      decisionId: decision.id,
      outcome: decision.outcome,
      humanAction,
      label: labelOf(humanAction, edit),
      agreed: isAgreement(aiAction, humanAction),
      reasonCode: decision.reasonCode,
      edit: edit ? (edit as Prisma.InputJsonValue) : undefined,
      decidedAt: decision.createdAt,
      decidedById: decision.userId,
      decidedByName: decision.actorName,
    },
    select: { id: true },
  });
}

export interface CaptureObservedOptions {
  recommendation: ScoredRecommendation;
  outcome: ObservedOutcome;
  observedAt: Date;
  /** Who saw it, e.g. 'ERP order sync' or 'Expiry sweep'. */
  observedBy: string;
}

/**
 * The example of what people did in the ERP while the type ran in SHADOW
 * autonomy. Idempotent: a recommendation has at most one observed example
 * (null when it has one already or no model learns from the type).
 */
export async function captureObservedExample(tx: Tx, options: CaptureObservedOptions): Promise<{ id: string } | null> {
  const { recommendation: rec } = options;
  const engine = engineForDecisionType(rec.type);
  const labelOf = engine ? LABEL_RULES[engine] : undefined;
  if (!engine || !labelOf) return null;
  const existing = await tx.labelledExample.findUnique({ where: { recommendationId_source: { recommendationId: rec.id, source: LABEL_SOURCES.OBSERVED } }, select: { id: true } });
  if (existing) return null;

  const aiAction = rec.recommendedAction as RecommendedAction;
  const humanAction = observedHumanActionOf(options.outcome, aiAction);
  return tx.labelledExample.create({
    data: {
      ...(await baseOf(tx, rec, engine)),
      source: LABEL_SOURCES.OBSERVED,
      outcome: options.outcome,
      humanAction,
      label: labelOf(humanAction, null),
      agreed: isAgreement(aiAction, humanAction),
      decidedAt: options.observedAt,
      decidedByName: `Observed in the ERP (${options.observedBy})`,
    },
    select: { id: true },
  });
}
