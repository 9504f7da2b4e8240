import { NextResponse } from 'next/server';
import { z } from 'zod';
import { parseQuery, parseWith, withAuth } from '@/lib/http/with-auth';
import { ENGINE_NAME_PATTERN } from '@/lib/ml/model-card';
import { compareModelVersions } from '@/lib/scorecard/compare-model-versions';
import { comparisonQuerySchema } from '@/lib/scorecard/scorecard-query.schema';

const paramsSchema = z.object({ engine: z.string().max(60).regex(ENGINE_NAME_PATTERN, 'engine must be a lower-case name like feasibility') });

export const GET = withAuth<{ engine: string }>(
  async ({ req, principal, params }) => {
    const { engine } = parseWith(paramsSchema, params, 'path');
    return NextResponse.json(await compareModelVersions(principal, engine, parseQuery(req, comparisonQuerySchema)));
  },
  { permission: 'models.read' },
);
