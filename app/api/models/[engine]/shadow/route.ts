import { NextResponse } from 'next/server';
import { parseJsonBody, parseWith, withAuth } from '@/lib/http/with-auth';
import { actorOf } from '@/lib/auth/principal';
import { endShadow } from '@/lib/models/end-shadow';
import { engineParamsSchema, shadowBodySchema } from '@/lib/models/model-lifecycle.schema';
import { putModelInShadow } from '@/lib/models/put-model-in-shadow';

export const POST = withAuth<{ engine: string }>(
  async ({ req, principal, params }) => {
    const { engine } = parseWith(engineParamsSchema, params, 'path');
    const body = await parseJsonBody(req, shadowBodySchema);
    const change = await putModelInShadow({ engine, version: body.version, reason: body.reason, actor: actorOf(principal), principal });
    return NextResponse.json({ shadow: change });
  },
  { permission: 'models.manage' },
);

export const DELETE = withAuth<{ engine: string }>(
  async ({ req, principal, params }) => {
    const { engine } = parseWith(engineParamsSchema, params, 'path');
    const body = await parseJsonBody(req, shadowBodySchema);
    return NextResponse.json({ ended: await endShadow({ engine, version: body.version, reason: body.reason, actor: actorOf(principal), principal }) });
  },
  { permission: 'models.manage' },
);
