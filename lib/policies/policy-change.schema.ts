// Request bodies and queries of the policy-change endpoints. Client-safe: the
// console's forms follow the same limits.
import { z } from 'zod';
import { DECISION_TYPE_MODULE } from '@/lib/auth/permissions';

export const REASON_MAX = 2000;
export const POLICY_CHANGE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED'] as const;

const decisionType = z.enum(Object.keys(DECISION_TYPE_MODULE) as [string, ...string[]], { message: 'unknown decision type' });
const siteId = z.string().trim().min(1).max(10);
const requiredText = (what: string) => z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(REASON_MAX, `at most ${REASON_MAX} characters`);
const optionalText = z.string().trim().max(REASON_MAX, `at most ${REASON_MAX} characters`).optional().nullable();
const password = z.string({ error: 'password is required to sign' }).min(1, 'password is required to sign').max(200);
const requestVersion = z.number({ error: 'version is required' }).int('version is a whole number').min(1, 'version starts at 1');

/**
 * POST /api/policies/changes: the values asked for, the policy version the
 * admin saw (0 while the type/site has no row) and why.
 */
export const policyChangeRequestSchema = z
  .object({
    type: decisionType,
    siteId,
    mode: z.enum(['OFF', 'SHADOW', 'SUPERVISED', 'AUTO']),
    autoThreshold: z.number().min(0.5, 'the auto-release threshold must be at least 50 %').max(1, 'at most 100 %'),
    atRiskThreshold: z.number().min(0, 'at least 0 %').max(1, 'at most 100 %'),
    version: z.number().int().min(0),
    reason: requiredText('reason'),
  })
  .refine((p) => p.atRiskThreshold <= p.autoThreshold, { path: ['atRiskThreshold'], message: 'the at-risk threshold cannot be above the auto-release threshold' });

export const policyChangeParamsSchema = z.object({ id: z.string().min(1).max(60) });

/** POST /api/policies/changes/:id: what the person saw (the request's version) and what they decide. */
export const policyChangeDecisionSchema = z.discriminatedUnion(
  'action',
  [
    z.object({ action: z.literal('approve'), version: requestVersion, password, comment: optionalText }),
    z.object({ action: z.literal('reject'), version: requestVersion, comment: requiredText('comment') }),
    z.object({ action: z.literal('cancel'), version: requestVersion, comment: optionalText }),
  ],
  { error: 'action must be approve, reject or cancel' },
);

// An empty query parameter (a cleared select) means "no filter", not a bad value.
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** GET /api/policies/changes */
export const policyChangeFiltersSchema = z.object({
  type: z.preprocess(blankToUndefined, decisionType.optional()),
  siteId: z.preprocess(blankToUndefined, siteId.optional()),
  status: z.preprocess(blankToUndefined, z.enum(POLICY_CHANGE_STATUSES, { message: `status must be one of ${POLICY_CHANGE_STATUSES.join(', ')}` }).optional()),
});

export type PolicyChangeRequestBody = z.infer<typeof policyChangeRequestSchema>;
export type PolicyChangeDecisionBody = z.infer<typeof policyChangeDecisionSchema>;
export type PolicyChangeFilters = z.infer<typeof policyChangeFiltersSchema>;
