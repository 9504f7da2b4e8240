import { NextResponse } from 'next/server';
import { parseQuery, withAuth } from '@/lib/http/with-auth';
import { findRecommendations, recommendationQuerySchema } from '@/lib/recommendations/find-recommendations';

export const GET = withAuth(
  async ({ req, principal }) => NextResponse.json(await findRecommendations(principal, parseQuery(req, recommendationQuerySchema))),
  { permission: 'recommendations.read' },
);
