import { NextResponse } from 'next/server';
import { withAuth } from '@/lib/http/with-auth';
import { getRecommendationDetail } from '@/lib/recommendations/get-recommendation';

export const GET = withAuth<{ id: string }>(
  async ({ principal, params }) => NextResponse.json(await getRecommendationDetail(principal, params.id)),
  { permission: 'recommendations.read' },
);
