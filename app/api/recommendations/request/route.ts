import { NextResponse } from 'next/server';
import { z } from 'zod';
import { parseJsonBody, withAuth } from '@/lib/http/with-auth';
import { requestOrderCheck } from '@/lib/recommendations/request-order-check';

const bodySchema = z.object({
  siteId: z.string().trim().min(1, 'site is required').max(10),
  erpOrderId: z.string().trim().min(1, 'order number is required').max(40),
});

export const POST = withAuth(
  async ({ req, principal }) => {
    const body = await parseJsonBody(req, bodySchema);
    return NextResponse.json({ id: await requestOrderCheck(principal, body.siteId, body.erpOrderId) }, { status: 201 });
  },
  { permission: 'recommendations.request' },
);
