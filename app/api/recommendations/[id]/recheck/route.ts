import { NextResponse } from 'next/server';
import { withAuth } from '@/lib/http/with-auth';
import { recheckRecommendation } from '@/lib/recommendations/request-order-check';

export const POST = withAuth<{ id: string }>(
  async ({ principal, params }) => NextResponse.json({ id: await recheckRecommendation(principal, params.id) }, { status: 201 }),
  { permission: 'recommendations.request' },
);
