import 'server-only';
import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { recordAuditEvent, type AuditEventInput } from '@/lib/audit/record-audit-event';
import { FEATURE_NAMES, toFeatureVector, type FeasibilityFeatureInput } from '@/lib/decisions/feasibility/features';
import { evaluateFeasibility, featureInputOf, type FeasibilityResult, type FloorSnapshot } from '@/lib/decisions/feasibility/evaluate-feasibility';
import { loadFloorSnapshot, type SnapshotRequest } from '@/lib/decisions/feasibility/load-floor-snapshot';
import { FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';
import { getFeasibilityModelVersion, getServedFeasibilityModel } from '@/lib/decisions/feasibility/model';
import { getServingVersions } from '@/lib/models/get-serving-versions';
import { modelId } from '@/lib/ml/model-card';
import { getPolicy, type EffectivePolicy } from '@/lib/policies/get-policy';
import { queueErpPosting } from '@/lib/posting/queue-posting';
import { releaseProposal, holdProposal } from '@/lib/decisions/feasibility/proposed-actions';
import type { ProposedErpAction, RecommendationStatus } from '@/lib/recommendations/types';
import { createLogger } from '@/lib/log';

export const ORDER_RELEASE = 'ORDER_RELEASE';
const log = createLogger('feasibility');

/** How long a recommendation stays valid if the floor does not change first. */
const TTL_MS = 4 * 3_600_000;

export interface ScoreOrderOptions extends SnapshotRequest {
  source: 'ERP_SYNC' | 'GATEWAY' | 'USER' | 'FLOOR_CHANGE';
  actor: AuditEventInput['actor'];
  /** Keep the open recommendation when the new verdict says the same thing (floor re-checks). */
  onlyIfChanged?: boolean;
  /** Record nothing unless the order can now be released (re-check of a held order). */
  onlyIfReleasable?: boolean;
}

export interface ScoredOrder {
  /** null when nothing was recorded (onlyIfReleasable and still not releasable). */
  recommendationId: string | null;
  status: RecommendationStatus;
  result: FeasibilityResult;
  modelVersion: string;
}

/** Whether the policy lets this recommendation post itself. */
export function isAutoReleasable(policy: EffectivePolicy, r: Pick<FeasibilityResult, 'recommendedAction' | 'confidence' | 'findings' | 'verdict'>): boolean {
  return (
    policy.mode === 'AUTO' &&
    r.recommendedAction === 'RELEASE_ORDER' &&
    (r.verdict === 'FEASIBLE' || r.verdict === 'FEASIBLE_WITH_NOTES') &&
    r.confidence >= policy.autoThreshold &&
    !r.findings.some((f) => f.severity === 'blocking')
  );
}

/** What one model said about the order: a ModelPrediction row without its recommendation. */
interface ModelOpinion {
  modelVersion: string;
  role: 'SERVED' | 'SHADOW';
  probability: number;
  verdict: string;
  recommendedAction: string;
  score: number;
  confidence: number;
}

function opinionOf(modelVersion: string, role: ModelOpinion['role'], probability: number, result: FeasibilityResult): ModelOpinion {
  return { modelVersion, role, probability, verdict: result.verdict, recommendedAction: result.recommendedAction, score: result.score, confidence: result.confidence };
}

/**
 * What each version in shadow would have proposed for the same features under
 * the same policy. A shadow that cannot load or predict is logged and left
 * out: it must never stand in the way of the served recommendation.
 */
async function scoreInShadow(versions: readonly number[], snapshot: FloorSnapshot, featureInput: FeasibilityFeatureInput, atRiskThreshold: number): Promise<ModelOpinion[]> {
  const opinions: ModelOpinion[] = [];
  for (const version of versions) {
    try {
      const shadow = await getFeasibilityModelVersion(version);
      const [probability] = await shadow.predict([featureInput]);
      opinions.push(opinionOf(shadow.version, 'SHADOW', probability, evaluateFeasibility(snapshot, probability, atRiskThreshold)));
    } catch (error) {
      log.warn('shadow model skipped', { model: modelId(FEASIBILITY_ENGINE, version), order: snapshot.order.orderId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return opinions;
}

function initialStatus(policy: EffectivePolicy, result: FeasibilityResult): RecommendationStatus {
  if (policy.mode === 'OFF' || policy.mode === 'SHADOW') return 'SHADOW';
  return isAutoReleasable(policy, result) ? 'AUTO_APPROVED' : 'PENDING';
}

/**
 * Scores an order against the floor and records the recommendation: the
 * previous open one for the same order is withdrawn, and under AUTO policy a
 * confident release is approved and queued for posting in the same transaction.
 */
export async function scoreOrderRelease(options: ScoreOrderOptions): Promise<ScoredOrder> {
  const snapshot = await loadFloorSnapshot(options);
  const featureInput = featureInputOf(snapshot);
  // One read of the (cached) registry for both, so the served version is never also scored as a shadow.
  const serving = await getServingVersions(FEASIBILITY_ENGINE);
  const model = await getServedFeasibilityModel(serving);
  const [probability] = await model.predict([featureInput]);
  const policy = await getPolicy(ORDER_RELEASE, options.siteId);
  const result = evaluateFeasibility(snapshot, probability, policy.atRiskThreshold);
  const vector = toFeatureVector(featureInput);
  result.evidence.features = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, Math.round(vector[i] * 1000) / 1000]));
  // The inputs that moved the model's probability most, kept with the recommendation so its page can say why.
  const explanation = model.explain(featureInput);
  const status = initialStatus(policy, result);

  const proposed: ProposedErpAction =
    result.recommendedAction === 'RELEASE_ORDER' ? releaseProposal(options.orderId) : holdProposal(options.orderId, result.recommendedAction, result.earliestStart);
  const top = result.findings.find((f) => f.severity === 'blocking') ?? result.findings.find((f) => f.severity === 'warning');
  const summary = top ? top.message : `Order ${options.orderId} can be released: work center, operators and stock are in place.`;

  const order = await db.productionOrder.findUnique({ where: { siteId_erpOrderId: { siteId: options.siteId, erpOrderId: options.orderId } } });
  const wc = snapshot.workCenter;

  if (options.onlyIfReleasable && result.recommendedAction !== 'RELEASE_ORDER') {
    return { recommendationId: null, status: 'WITHDRAWN', result, modelVersion: model.version };
  }
  if (options.onlyIfChanged && order) {
    const open = await db.recommendation.findFirst({ where: { orderId: order.id, type: ORDER_RELEASE, status: { in: ['PENDING', 'HELD', 'SHADOW'] } }, orderBy: { createdAt: 'desc' } });
    const codes = (fs: { code: string }[]) => fs.map((f) => f.code).sort().join(',');
    if (open && open.verdict === result.verdict && open.recommendedAction === result.recommendedAction && codes(open.findings as unknown as { code: string }[]) === codes(result.findings)) {
      return { recommendationId: open.id, status: open.status as RecommendationStatus, result, modelVersion: open.modelVersion };
    }
  }

  const opinions = [
    opinionOf(model.version, 'SERVED', probability, result),
    ...(await scoreInShadow(
      serving.shadows.filter((v) => modelId(FEASIBILITY_ENGINE, v) !== model.version),
      snapshot,
      featureInput,
      policy.atRiskThreshold,
    )),
  ];
  const shadowModels = opinions.filter((o) => o.role === 'SHADOW').map((o) => o.modelVersion);

  const recommendationId = await db.$transaction(async (tx) => {
    if (order) {
      const open = await tx.recommendation.findMany({ where: { orderId: order.id, type: ORDER_RELEASE, status: { in: ['PENDING', 'HELD', 'SHADOW'] } } });
      for (const old of open) {
        const changed = await tx.recommendation.updateMany({ where: { id: old.id, version: old.version }, data: { status: 'WITHDRAWN', version: { increment: 1 } } });
        if (changed.count === 1) {
          await recordAuditEvent(tx, {
            actor: options.actor,
            action: 'recommendation.withdrawn',
            entityType: 'Recommendation',
            entityId: old.id,
            siteId: options.siteId,
            data: { reason: 'superseded by a newer check of the same order', orderId: options.orderId },
          });
        }
      }
    }
    const rec = await tx.recommendation.create({
      data: {
        type: ORDER_RELEASE,
        siteId: options.siteId,
        lineId: wc?.lineId ?? null,
        workCenterId: wc?.id ?? null,
        orderId: order?.id ?? null,
        status,
        verdict: result.verdict,
        recommendedAction: result.recommendedAction,
        score: result.score,
        confidence: result.confidence,
        findings: result.findings as unknown as Prisma.InputJsonValue,
        evidence: { ...result.evidence, explanation, order: { erpOrderId: options.orderId, material: options.material, quantity: options.quantity, dueDate: options.dueDate.toISOString(), workCenter: options.workCenter, requiredSkill: options.requiredSkill } } as unknown as Prisma.InputJsonValue,
        proposedAction: proposed as unknown as Prisma.InputJsonValue,
        modelVersion: model.version,
        source: options.source,
        summary,
        impactAt: result.latestStart,
        expiresAt: new Date(Math.min(snapshot.now.getTime() + TTL_MS, Math.max(result.latestStart.getTime(), snapshot.now.getTime() + 15 * 60_000))),
        earliestStart: result.earliestStart,
      },
    });
    await tx.modelPrediction.createMany({ data: opinions.map((o) => ({ ...o, recommendationId: rec.id, engine: FEASIBILITY_ENGINE })) });
    await recordAuditEvent(tx, {
      actor: { actorType: 'AI', actorName: `Feasibility engine (${model.version})` },
      action: status === 'SHADOW' ? 'recommendation.shadow_recorded' : 'recommendation.created',
      entityType: 'Recommendation',
      entityId: rec.id,
      siteId: options.siteId,
      data: {
        orderId: options.orderId,
        source: options.source,
        requestedBy: options.actor.actorName,
        verdict: result.verdict,
        recommendedAction: result.recommendedAction,
        score: result.score,
        confidence: result.confidence,
        modelVersion: model.version,
        shadowModels,
        findings: result.findings.map((f) => f.code),
        policy: { mode: policy.mode, autoThreshold: policy.autoThreshold, version: policy.version },
      },
    });
    if (status === 'AUTO_APPROVED') {
      const signatureMeaning = `Automatic release by policy: confidence ${Math.round(result.confidence * 100)} % ≥ threshold ${Math.round(policy.autoThreshold * 100)} %, no blocking finding`;
      const decision = await tx.decision.create({
        data: { recommendationId: rec.id, outcome: 'APPROVE', userId: null, actorName: 'Interlock (AUTO policy)', signatureMeaning, recommendationVersion: rec.version },
      });
      const policyActor = { actorType: 'AI' as const, actorName: 'Interlock (AUTO policy)' };
      await recordAuditEvent(tx, {
        actor: policyActor,
        action: 'recommendation.auto_approved',
        entityType: 'Recommendation',
        entityId: rec.id,
        siteId: options.siteId,
        data: { decisionId: decision.id, meaning: signatureMeaning, policyVersion: policy.version },
      });
      await queueErpPosting(tx, {
        recommendationId: rec.id,
        decisionId: decision.id,
        siteId: options.siteId,
        proposed,
        request: { siteId: options.siteId, erpOrderId: options.orderId },
        actor: policyActor,
      });
    }
    return rec.id;
  });
  log.info('scored order', { order: options.orderId, verdict: result.verdict, action: result.recommendedAction, score: result.score, status, source: options.source });
  return { recommendationId, status, result, modelVersion: model.version };
}
