import { NextResponse } from 'next/server';
import { z } from 'zod';
import { parseJsonBody, withAuth } from '@/lib/http/with-auth';
import { resolveFailedPosting } from '@/lib/posting/resolve-failed-posting';

const bodySchema = z.object({ reason: z.string().max(2000).optional().nullable() }).optional();

// Coarse check only: the use case checks the decision type's module and the scope.
export const POST = withAuth<{ id: string }>(
  async ({ req, principal, params }) => {
    const body = await parseJsonBody(req, bodySchema);
    await resolveFailedPosting(principal, params.id, 'retry', body?.reason ?? null);
    return NextResponse.json({ ok: true });
  },
  { permission: 'recommendations.read' },
);
