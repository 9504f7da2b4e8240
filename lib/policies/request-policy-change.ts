import 'server-only';
import { z } from 'zod';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, canSeeScope, type Principal } from '@/lib/auth/principal';
import { requireText } from '@/lib/governance/four-eyes';
import { describePolicyChange, isSamePolicy } from '@/lib/policies/describe-policy-change';
import { getPolicy } from '@/lib/policies/get-policy';
import { lockPolicy, requirePolicyAdmin, toPolicyChangeView } from '@/lib/policies/policy-change';
import { policyChangeRequestSchema, type PolicyChangeRequestBody } from '@/lib/policies/policy-change.schema';
import type { PolicyChangeView, PolicyValues } from '@/lib/policies/types';
import { getScorecard } from '@/lib/scorecard/get-scorecard';
import { needsGate, PROMOTION_GATE } from '@/lib/scorecard/promotion-gate';

const STALE_VIEW = 'Someone changed this policy since you loaded it: review the current values and ask again.';

/**
 * Asks for a new autonomy or new thresholds for a decision type at a site.
 * Nothing changes in how recommendations are handled until a different admin
 * approves. One pending request per type/site: a second one is a CONFLICT
 * until the first is decided or cancelled.
 */
export async function requestPolicyChange(principal: Principal, input: PolicyChangeRequestBody): Promise<PolicyChangeView> {
  // Callers other than the route (scripts, tests) get the route's validation too.
  const parsed = policyChangeRequestSchema.safeParse(input);
  if (!parsed.success) {
    const { formErrors, fieldErrors } = z.flattenError(parsed.error);
    throw new AppError('BAD_REQUEST', 'Invalid policy change', { fieldErrors: formErrors.length > 0 ? { ...fieldErrors, _: formErrors } : fieldErrors });
  }
  const { type, siteId } = parsed.data;
  if (!canSeeScope(principal, siteId)) throw new AppError('NOT_FOUND', `Site ${siteId} not found`);
  requirePolicyAdmin(principal);
  const reason = requireText(parsed.data.reason, 'reason', 'Say why the policy should change');
  const to: PolicyValues = { mode: parsed.data.mode, autoThreshold: parsed.data.autoThreshold, atRiskThreshold: parsed.data.atRiskThreshold };

  // Checked before the gate is computed (a scan of the window), and again under the lock.
  const seen = await getPolicy(type, siteId);
  requireChangeOf(seen, parsed.data.version, to);
  // A snapshot of evidence, read before the transaction: what the requester saw, not something the lock must cover.
  const scorecard = await getScorecard(principal, { type, siteId, days: PROMOTION_GATE.windowDays });
  const gate = scorecard.gates.find((g) => g.decisionType === type && g.siteId === siteId) ?? null;

  const row = await db.$transaction(async (tx) => {
    await lockPolicy(tx, type, siteId);
    const pending = await tx.policyChange.findFirst({ where: { policyType: type, siteId, status: 'PENDING' } });
    if (pending) {
      throw new AppError('CONFLICT', `A change of this policy requested by ${pending.requestedByName} is already waiting: it must be decided or cancelled first.`, {
        details: { changeId: pending.id },
      });
    }
    const current = await getPolicy(type, siteId, tx);
    requireChangeOf(current, parsed.data.version, to);
    const from: PolicyValues = { mode: current.mode, autoThreshold: current.autoThreshold, atRiskThreshold: current.atRiskThreshold };
    const change = await tx.policyChange.create({
      data: {
        policyType: type,
        siteId,
        basedOnVersion: current.version,
        fromMode: from.mode,
        toMode: to.mode,
        fromAutoThreshold: from.autoThreshold,
        toAutoThreshold: to.autoThreshold,
        fromAtRiskThreshold: from.atRiskThreshold,
        toAtRiskThreshold: to.atRiskThreshold,
        status: 'PENDING',
        reason,
        gate: gate === null ? undefined : (gate as unknown as Prisma.InputJsonValue),
        requestedById: principal.id,
        requestedByName: principal.name,
      },
    });
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'policy.change_requested',
      entityType: 'PolicyChange',
      entityId: change.id,
      siteId,
      data: {
        type,
        from,
        to,
        change: describePolicyChange(from, to),
        basedOnVersion: current.version,
        reason,
        gate: gate ? { met: gate.evaluation.met, summary: gate.evaluation.summary, raisesOntoGatedRung: needsGate(from.mode, to.mode) } : null,
      },
    });
    return change;
  });
  return toPolicyChangeView(row);
}

function requireChangeOf(current: PolicyValues & { version: number }, seenVersion: number, to: PolicyValues): void {
  if (current.version !== seenVersion) throw new AppError('CONFLICT', STALE_VIEW, { details: { currentVersion: current.version } });
  if (isSamePolicy(current, to)) {
    throw new AppError('BAD_REQUEST', 'These are the policy’s current values: there is nothing to change.', {
      fieldErrors: { _: ['These are the policy’s current values: there is nothing to change.'] },
    });
  }
}
