import { NextResponse } from 'next/server';
import { parseJsonBody, parseWith, withAuth } from '@/lib/http/with-auth';
import { engineParamsSchema, rollbackBodySchema } from '@/lib/models/model-lifecycle.schema';
import { rollbackModel } from '@/lib/models/rollback-model';

export const POST = withAuth<{ engine: string }>(
  async ({ req, principal, params }) => {
    const { engine } = parseWith(engineParamsSchema, params, 'path');
    const body = await parseJsonBody(req, rollbackBodySchema);
    const promotion = await rollbackModel({ engine, principal, reason: body.reason, password: body.password, fromVersion: body.fromVersion });
    return NextResponse.json({ promotion });
  },
  { permission: 'models.manage' },
);
