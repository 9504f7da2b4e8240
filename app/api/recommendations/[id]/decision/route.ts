import { NextResponse } from 'next/server';
import { z } from 'zod';
import { parseJsonBody, withAuth } from '@/lib/http/with-auth';
import { decideRecommendation } from '@/lib/recommendations/decide-recommendation';
import { getRecommendationDetail } from '@/lib/recommendations/get-recommendation';

const bodySchema = z.object({
  outcome: z.enum(['APPROVE', 'REJECT', 'HOLD'], { message: 'outcome must be APPROVE, REJECT or HOLD' }),
  version: z.number({ error: 'version is required' }).int().min(1),
  comment: z.string().max(2000, 'at most 2,000 characters').optional().nullable(),
  reasonCode: z.string().max(60, 'at most 60 characters').optional().nullable(),
  // Its shape depends on the decision type: the use case validates it (lib/recommendations/decision-edit.schema.ts).
  edit: z.record(z.string(), z.unknown(), { error: 'edit must be an object, e.g. { "verdict": "AT_RISK" }' }).optional().nullable(),
  password: z.string({ error: 'password is required to sign' }).min(1, 'password is required to sign').max(200),
});

// Coarse check only: the use case checks the decision type's module (PP, MM, QM, FI) and the scope.
export const POST = withAuth<{ id: string }>(
  async ({ req, principal, params }) => {
    const body = await parseJsonBody(req, bodySchema);
    await decideRecommendation({ principal, recommendationId: params.id, ...body });
    return NextResponse.json({ recommendation: await getRecommendationDetail(principal, params.id) });
  },
  { permission: 'recommendations.read' },
);
