// The scorecard's filters as the API and the console send them. Client-safe.
import { z } from 'zod';
import { DECISION_TYPE_MODULE } from '@/lib/auth/permissions';

export const DECISION_TYPES = Object.keys(DECISION_TYPE_MODULE) as [string, ...string[]];
/** Windows the console offers; the API takes any whole number of days in range. */
export const SCORECARD_WINDOWS = [7, 30, 90, 365] as const;
export const MAX_SCORECARD_DAYS = 365;

// An empty query parameter (a cleared select) means "no filter", not a bad value.
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const scorecardQuerySchema = z.object({
  type: z.preprocess(blankToUndefined, z.enum(DECISION_TYPES, { message: `type must be one of ${DECISION_TYPES.join(', ')}` }).optional()),
  siteId: z.preprocess(blankToUndefined, z.string().trim().max(10, 'siteId is at most 10 characters').regex(/^[\w-]+$/, 'siteId is a plant code like 1710').optional()),
  days: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ message: 'days must be a whole number' })
      .int('days must be a whole number')
      .min(1, 'days must be at least 1')
      .max(MAX_SCORECARD_DAYS, `days must be at most ${MAX_SCORECARD_DAYS}`)
      .default(30),
  ),
});

export type ScorecardQuery = z.infer<typeof scorecardQuerySchema>;

export const comparisonQuerySchema = z.object({
  days: z.preprocess(
    blankToUndefined,
    z.coerce.number({ message: 'days must be a whole number' }).int('days must be a whole number').min(1, 'days must be at least 1').max(MAX_SCORECARD_DAYS).default(30),
  ),
});

export type ComparisonQuery = z.infer<typeof comparisonQuerySchema>;
