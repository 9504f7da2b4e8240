import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { hasPermission } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/principal';
import { requireModelEngine, toPromotionView } from '@/lib/models/model-lifecycle';
import type { ModelPromotionView } from '@/lib/models/types';

/** Enough history for the page; older requests stay in the audit trail. */
const LIMIT = 50;

/** An engine's promotion requests and rollbacks, newest first (the pending one, if any, among them). */
export async function findModelPromotions(principal: Principal, engine: string): Promise<ModelPromotionView[]> {
  requireModelEngine(engine);
  if (!hasPermission(principal.role, 'models.read')) throw new AppError('FORBIDDEN', 'Your role may not see models (needs models.read).');
  const rows = await db.modelPromotion.findMany({ where: { engine }, orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }], take: LIMIT });
  return rows.map(toPromotionView);
}
