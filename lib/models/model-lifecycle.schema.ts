// Request bodies of the model lifecycle endpoints (shadow, promotion,
// rollback). Client-safe: the console's forms follow the same limits.
import { z } from 'zod';
import { ENGINE_NAME_PATTERN } from '@/lib/ml/model-card';

export const REASON_MAX = 2000;

export const engineParamsSchema = z.object({ engine: z.string().max(60).regex(ENGINE_NAME_PATTERN, 'engine must be a lower-case name like feasibility') });

export const promotionParamsSchema = engineParamsSchema.extend({ id: z.string().min(1).max(60) });

const versionNumber = (what: string) => z.number({ error: `${what} is required` }).int(`${what} is a whole number`).min(1, `${what} starts at 1`);
const requiredText = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(REASON_MAX, `at most ${REASON_MAX} characters`);
const optionalText = z.string().trim().max(REASON_MAX, `at most ${REASON_MAX} characters`).optional().nullable();
const password = z.string({ error: 'password is required to sign' }).min(1, 'password is required to sign').max(200);

/** POST and DELETE /api/models/:engine/shadow */
export const shadowBodySchema = z.object({ version: versionNumber('version'), reason: optionalText });

/** POST /api/models/:engine/promotions */
export const promotionRequestBodySchema = z.object({ version: versionNumber('version'), reason: requiredText('reason') });

/** POST /api/models/:engine/promotions/:id: what the person saw (version) and what they decide. */
export const promotionDecisionBodySchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('approve'), version: versionNumber('version'), password, comment: optionalText }),
    z.object({ action: z.literal('reject'), version: versionNumber('version'), comment: requiredText('comment') }),
    z.object({ action: z.literal('cancel'), version: versionNumber('version'), comment: optionalText }),
  ],
  { error: 'action must be approve, reject or cancel' },
);

/** POST /api/models/:engine/rollback */
export const rollbackBodySchema = z.object({ fromVersion: versionNumber('fromVersion'), reason: requiredText('reason'), password });

export type ShadowBody = z.infer<typeof shadowBodySchema>;
export type PromotionRequestBody = z.infer<typeof promotionRequestBodySchema>;
export type PromotionDecisionBody = z.infer<typeof promotionDecisionBodySchema>;
export type RollbackBody = z.infer<typeof rollbackBodySchema>;
