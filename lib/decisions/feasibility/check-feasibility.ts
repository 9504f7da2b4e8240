import 'server-only';
import { AppError } from '@/lib/errors';
import { actorOf, canSeeScope, type Principal } from '@/lib/auth/principal';
import type { FeasibilityRequest, FeasibilityResponse } from '@/lib/decisions/feasibility/contract.schema';
import { scoreOrderRelease } from '@/lib/decisions/feasibility/score-order-release';

/** POST /api/v1/feasibility/check: a gateway asks before releasing an order. */
export async function checkFeasibility(principal: Principal, req: FeasibilityRequest): Promise<FeasibilityResponse> {
  // A key scoped to other sites learns nothing about this one: same answer as an unknown site.
  if (!canSeeScope(principal, req.site)) throw new AppError('NOT_FOUND', `Site ${req.site} not found`);
  const scored = await scoreOrderRelease({
    siteId: req.site,
    orderId: req.order_id,
    material: req.material,
    quantity: req.quantity,
    dueDate: new Date(req.due_date),
    workCenter: req.required_work_center,
    requiredSkill: req.required_skill ?? null,
    source: 'GATEWAY',
    actor: actorOf(principal),
  });
  const { result } = scored;
  return {
    order_id: req.order_id,
    feasibility_score: result.score,
    status: result.verdict,
    blocking_issues: result.findings.filter((f) => f.severity === 'blocking').map((f) => f.message),
    warnings: result.findings.filter((f) => f.severity === 'warning').map((f) => f.message),
    recommended_action: result.recommendedAction,
    findings: result.findings,
    earliest_start: result.earliestStart.toISOString(),
    model_version: scored.modelVersion,
    recommendation_id: scored.recommendationId ?? '',
  };
}
