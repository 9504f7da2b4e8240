import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, type Principal } from '@/lib/auth/principal';
import { decidePermissionFor, hasPermission } from '@/lib/auth/permissions';
import { verifySignature } from '@/lib/auth/verify-signature';
import { queueErpPosting } from '@/lib/posting/queue-posting';
import { getRecommendationOrThrow } from '@/lib/recommendations/get-recommendation';
import { canTransition, statusAfterDecision } from '@/lib/recommendations/transitions';
import type { DecisionOutcome, ProposedErpAction, RecommendationStatus, RecommendedAction } from '@/lib/recommendations/types';
import { Prisma } from '@/lib/generated/prisma/client';
import { signatureMeaning } from '@/lib/recommendations/signature-meaning';
import { checkDecisionDetails } from '@/lib/recommendations/decision-edit.schema';
import { captureLabelledExample } from '@/lib/recommendations/capture-labelled-example';

export interface DecideOptions {
  principal: Principal;
  recommendationId: string;
  outcome: DecisionOutcome;
  /** The version the person looked at: a newer one means someone else acted first. */
  version: number;
  comment?: string | null;
  /** One of reasonCodesFor(type, outcome); a specific reason (not OTHER) stands in for a rejection's comment. */
  reasonCode?: string | null;
  /** The person's correction of the AI's assessment, validated per decision type (decision-edit.schema.ts). */
  edit?: unknown;
  /** Re-authentication for the electronic signature (21 CFR Part 11). */
  password: string;
}

/** Approve, reject or hold a recommendation, as a person, with a signature. */
export async function decideRecommendation(options: DecideOptions): Promise<void> {
  const { principal } = options;
  // 1. Find it so that someone outside its scope gets NOT_FOUND.
  const rec = await getRecommendationOrThrow(principal, options.recommendationId);
  // 2. Permission for this decision type's ERP module.
  const permission = decidePermissionFor(rec.type);
  if (!permission || !hasPermission(principal.role, permission) || principal.kind !== 'user') {
    throw new AppError('FORBIDDEN', 'Your role may not decide this kind of recommendation.');
  }
  const comment = options.comment?.trim() || null;
  const details = checkDecisionDetails({
    decisionType: rec.type,
    outcome: options.outcome,
    aiAction: rec.recommendedAction as RecommendedAction,
    comment,
    reasonCode: options.reasonCode ?? null,
    edit: options.edit,
    now: new Date(),
  });
  if (!details.ok) throw new AppError('BAD_REQUEST', details.message, { fieldErrors: details.fieldErrors });
  const { reasonCode, edit } = details;
  // A person's hold-until time replaces the AI's earliest start on the held order.
  const holdUntil = edit?.earliestStart ? new Date(edit.earliestStart) : null;
  await verifySignature(principal.id, options.password);
  // 3. State preconditions.
  const to = statusAfterDecision(options.outcome);
  const from = rec.status as RecommendationStatus;
  if (rec.version !== options.version) {
    throw new AppError('CONFLICT', 'This recommendation changed since you opened it: review the current version.', { details: { currentVersion: rec.version, status: rec.status } });
  }
  if (!canTransition(from, to) || from === to) {
    throw new AppError('CONFLICT', `This recommendation is ${from.toLowerCase().replace('_', ' ')} and can no longer be ${to.toLowerCase()}.`, { details: { currentVersion: rec.version, status: rec.status } });
  }
  if (rec.expiresAt < new Date()) {
    throw new AppError('CONFLICT', 'This recommendation has expired: re-check the order to get a current one.', { details: { currentVersion: rec.version, status: rec.status } });
  }

  const proposed = rec.proposedAction as unknown as ProposedErpAction;
  const erpOrderId = (rec.evidence as { order?: { erpOrderId?: string } }).order?.erpOrderId ?? rec.orderId ?? '?';
  const meaning = signatureMeaning(options.outcome, erpOrderId, proposed);
  const actor = actorOf(principal);

  // 4. One transaction: the conditional update, the decision, its audit event and the outbox job.
  try {
    await db.$transaction(async (tx) => {
      const changed = await tx.recommendation.updateMany({
        where: { id: rec.id, version: options.version, status: from },
        data: { status: to, version: { increment: 1 } },
      });
      if (changed.count !== 1) throw new AppError('CONFLICT', 'Someone else decided this recommendation a moment ago: review the current version.');
      const decision = await tx.decision.create({
        data: {
          recommendationId: rec.id,
          outcome: options.outcome,
          userId: principal.id,
          actorName: principal.name,
          comment,
          signatureMeaning: meaning,
          reasonCode,
          edit: edit ? (edit as Prisma.InputJsonValue) : undefined,
          recommendationVersion: options.version,
        },
      });
      await captureLabelledExample(tx, { recommendation: rec, decision, edit });
      await recordAuditEvent(tx, {
        actor,
        action: options.outcome === 'APPROVE' ? 'recommendation.approved' : options.outcome === 'REJECT' ? 'recommendation.rejected' : 'recommendation.held',
        entityType: 'Recommendation',
        entityId: rec.id,
        siteId: rec.siteId,
        data: {
          decisionId: decision.id,
          signature: { signer: principal.name, email: principal.email, meaning, signedAt: decision.createdAt.toISOString(), reauthenticated: true },
          comment,
          reasonCode,
          edit,
          fromStatus: from,
          toStatus: to,
          version: options.version,
          aiRecommendedAction: rec.recommendedAction,
          aiConfidence: rec.confidence,
        },
      });
      const keepsUnreleased = options.outcome === 'HOLD' || (options.outcome === 'APPROVE' && proposed.operation !== 'RELEASE_ORDER');
      if (options.outcome === 'APPROVE' && proposed.operation === 'RELEASE_ORDER') {
        await queueErpPosting(tx, {
          recommendationId: rec.id,
          decisionId: decision.id,
          siteId: rec.siteId,
          proposed,
          request: { siteId: rec.siteId, erpOrderId },
          actor,
        });
      } else if (keepsUnreleased && rec.orderId) {
        const note = options.outcome === 'HOLD' ? `Held by ${principal.name}${holdUntil ? ` until ${holdUntil.toISOString()}` : ''}${comment ? `: ${comment}` : ''}` : rec.summary;
        const earliestStart = holdUntil ?? rec.earliestStart;
        await tx.productionOrder.update({ where: { id: rec.orderId }, data: { status: 'HELD', note, earliestStart } });
        await recordAuditEvent(tx, {
          actor,
          action: 'order.status_changed',
          entityType: 'ProductionOrder',
          entityId: rec.orderId,
          siteId: rec.siteId,
          data: { erpOrderId, status: 'HELD', note, earliestStart: earliestStart?.toISOString() ?? null },
        });
      }
    });
  } catch (e) {
    // The unique (recommendation, version) index is the last line against a double decision.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      throw new AppError('CONFLICT', 'Someone else decided this recommendation a moment ago: review the current version.');
    }
    throw e;
  }
}
