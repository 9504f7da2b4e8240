import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { actorOf, canSeeScope, type Principal } from '@/lib/auth/principal';
import { decidePermissionFor, hasPermission } from '@/lib/auth/permissions';
import { verifyPassword } from '@/lib/auth/password';
import { queueErpPosting } from '@/lib/posting/queue-posting';
import type { ProposedErpAction } from '@/lib/recommendations/types';

/** Documents a person may reverse from the console: goods movements (SAP Cancel / Oracle return). */
const REVERSIBLE = new Set(['GOODS_MOVEMENT']);

function parseDocument(erpDocument: string): { number: string; year?: string } {
  const [number, year] = erpDocument.split('/');
  return year ? { number, year } : { number };
}

/**
 * Reverses a posted goods movement: a signed decision by a person and a new
 * posting (CANCEL_DOCUMENT, with its own reference) through the same outbox, so
 * the reversal too reaches the ERP exactly once. Returns the new posting's id.
 */
export async function reversePosting(principal: Principal, postingId: string, input: { reason: string; password: string }): Promise<string> {
  const posting = await db.erpPosting.findUnique({ where: { id: postingId }, include: { recommendation: true } });
  if (!posting || !canSeeScope(principal, posting.recommendation.siteId, posting.recommendation.lineId)) throw new AppError('NOT_FOUND', 'Posting not found');
  const rec = posting.recommendation;
  const permission = decidePermissionFor(rec.type);
  if (!permission || !hasPermission(principal.role, permission) || principal.kind !== 'user') throw new AppError('FORBIDDEN', 'Your role may not reverse this posting.');
  const reason = input.reason.trim();
  if (!reason) throw new AppError('BAD_REQUEST', 'Say why the document is reversed', { fieldErrors: { reason: ['A reason is required to reverse'] } });
  const user = await db.user.findUnique({ where: { id: principal.id } });
  if (!user || !(await verifyPassword(input.password, user.passwordHash))) {
    throw new AppError('BAD_REQUEST', 'The signature could not be verified', { fieldErrors: { password: ['Password does not match: re-enter your password to sign'] } });
  }
  if (!REVERSIBLE.has(posting.operation)) throw new AppError('UNPROCESSABLE', `A ${posting.operation.toLowerCase().replace(/_/g, ' ')} cannot be reversed from the console.`);
  if (posting.state !== 'POSTED' || !posting.erpDocument) throw new AppError('CONFLICT', 'Only a posted document can be reversed.');
  const already = await db.erpPosting.findFirst({ where: { recommendationId: rec.id, operation: 'CANCEL_DOCUMENT', state: { not: 'ABANDONED' }, request: { path: ['reverses'], equals: posting.id } } });
  if (already) throw new AppError('CONFLICT', 'This document is already being reversed (or was).');

  const document = { type: 'MATERIAL_DOCUMENT' as const, ...parseDocument(posting.erpDocument) };
  const proposed: ProposedErpAction = {
    system: posting.system,
    operation: 'CANCEL_DOCUMENT',
    method: 'POST',
    path: posting.system === 'SAP' ? `/sap/opu/odata/sap/API_MATERIAL_DOCUMENT_SRV/Cancel?MaterialDocument='${document.number}'${document.year ? `&MaterialDocumentYear='${document.year}'` : ''}` : '/fscmRestApi/resources/latest/materialTransactions',
    description: `Reverse material document ${posting.erpDocument}`,
  };
  const signatureMeaning = `Reverse: cancel material document ${posting.erpDocument} in ${posting.system}`;
  return db.$transaction(async (tx) => {
    const bumped = await tx.recommendation.updateMany({ where: { id: rec.id, version: rec.version }, data: { version: { increment: 1 } } });
    if (bumped.count !== 1) throw new AppError('CONFLICT', 'This recommendation changed a moment ago: reload and try again.');
    const decision = await tx.decision.create({
      data: { recommendationId: rec.id, outcome: 'APPROVE', userId: principal.id, actorName: principal.name, comment: reason, signatureMeaning, recommendationVersion: rec.version + 1 },
    });
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'posting.reversal_requested',
      entityType: 'ErpPosting',
      entityId: posting.id,
      siteId: rec.siteId,
      data: { decisionId: decision.id, document: posting.erpDocument, reason, signature: { signer: principal.name, meaning: signatureMeaning, signedAt: decision.createdAt.toISOString(), reauthenticated: true } },
    });
    return queueErpPosting(tx, {
      recommendationId: rec.id,
      decisionId: decision.id,
      siteId: rec.siteId,
      proposed,
      request: { siteId: rec.siteId, document, reverses: posting.id },
      actor: actorOf(principal),
    });
  });
}
