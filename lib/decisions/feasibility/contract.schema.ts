// The external feasibility contract (product.md), snake_case as Ignition's Python expects.
import { z } from 'zod';

export const feasibilityRequestSchema = z.object({
  order_id: z.string().trim().min(1, 'order_id is required').max(40),
  material: z.string().trim().min(1, 'material is required').max(40),
  quantity: z.number({ error: 'quantity must be a number' }).positive('quantity must be greater than 0').max(1e9),
  required_work_center: z.string().trim().min(1, 'required_work_center is required').max(40),
  required_skill: z.string().trim().min(1).max(40).optional().nullable(),
  due_date: z.iso.datetime({ offset: true, message: 'due_date must be an ISO 8601 date-time, e.g. 2024-06-15T18:00:00Z' }),
  site: z.string().trim().min(1, 'site is required').max(10),
});

export type FeasibilityRequest = z.infer<typeof feasibilityRequestSchema>;

export interface FeasibilityResponse {
  order_id: string;
  feasibility_score: number;
  status: 'FEASIBLE' | 'FEASIBLE_WITH_NOTES' | 'AT_RISK' | 'BLOCKED';
  blocking_issues: string[];
  warnings: string[];
  recommended_action: 'RELEASE_ORDER' | 'DELAY_RELEASE' | 'HOLD_ORDER';
  findings: { code: string; severity: 'blocking' | 'warning' | 'info'; subject: string; message: string }[];
  earliest_start: string;
  model_version: string;
  recommendation_id: string;
}
