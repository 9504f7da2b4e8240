import { NextResponse } from 'next/server';
import { parseQuery, withAuth } from '@/lib/http/with-auth';
import { getScorecard } from '@/lib/scorecard/get-scorecard';
import { scorecardQuerySchema } from '@/lib/scorecard/scorecard-query.schema';

export const GET = withAuth(async ({ req, principal }) => NextResponse.json(await getScorecard(principal, parseQuery(req, scorecardQuerySchema))), {
  permission: 'models.read',
});
