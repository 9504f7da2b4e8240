import { NextResponse } from 'next/server';
import { parseJsonBody, parseWith, withAuth } from '@/lib/http/with-auth';
import { approveModelPromotion } from '@/lib/models/approve-model-promotion';
import { cancelModelPromotion } from '@/lib/models/cancel-model-promotion';
import { promotionDecisionBodySchema, promotionParamsSchema } from '@/lib/models/model-lifecycle.schema';
import { rejectModelPromotion } from '@/lib/models/reject-model-promotion';

// Who may take which action (another admin approves or rejects, the requester cancels) is the use cases' check.
export const POST = withAuth<{ engine: string; id: string }>(
  async ({ req, principal, params }) => {
    const { engine, id } = parseWith(promotionParamsSchema, params, 'path');
    const body = await parseJsonBody(req, promotionDecisionBodySchema);
    const common = { engine, promotionId: id, version: body.version, principal };
    const promotion =
      body.action === 'approve'
        ? await approveModelPromotion({ ...common, password: body.password, comment: body.comment })
        : body.action === 'reject'
          ? await rejectModelPromotion({ ...common, comment: body.comment })
          : await cancelModelPromotion({ ...common, comment: body.comment });
    return NextResponse.json({ promotion });
  },
  { permission: 'models.manage' },
);
