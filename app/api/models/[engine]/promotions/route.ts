import { NextResponse } from 'next/server';
import { parseJsonBody, parseWith, withAuth } from '@/lib/http/with-auth';
import { findModelPromotions } from '@/lib/models/find-model-promotions';
import { engineParamsSchema, promotionRequestBodySchema } from '@/lib/models/model-lifecycle.schema';
import { requestModelPromotion } from '@/lib/models/request-model-promotion';

export const GET = withAuth<{ engine: string }>(
  async ({ principal, params }) => {
    const { engine } = parseWith(engineParamsSchema, params, 'path');
    return NextResponse.json({ items: await findModelPromotions(principal, engine) });
  },
  { permission: 'models.read' },
);

export const POST = withAuth<{ engine: string }>(
  async ({ req, principal, params }) => {
    const { engine } = parseWith(engineParamsSchema, params, 'path');
    const body = await parseJsonBody(req, promotionRequestBodySchema);
    const promotion = await requestModelPromotion({ engine, version: body.version, reason: body.reason, principal });
    return NextResponse.json({ promotion }, { status: 201 });
  },
  { permission: 'models.manage' },
);
