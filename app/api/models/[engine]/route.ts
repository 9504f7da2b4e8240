import { NextResponse } from 'next/server';
import { z } from 'zod';
import { parseWith, withAuth } from '@/lib/http/with-auth';
import { ENGINE_NAME_PATTERN } from '@/lib/ml/model-card';
import { getModelEngine } from '@/lib/models/get-model-engine';

const paramsSchema = z.object({ engine: z.string().max(60).regex(ENGINE_NAME_PATTERN, 'engine must be a lower-case name like feasibility') });

export const GET = withAuth<{ engine: string }>(
  async ({ principal, params }) => {
    const { engine } = parseWith(paramsSchema, params, 'path');
    return NextResponse.json(await getModelEngine(principal, engine));
  },
  { permission: 'models.read' },
);
