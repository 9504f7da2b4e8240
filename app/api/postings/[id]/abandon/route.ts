import { NextResponse } from 'next/server';
import { z } from 'zod';
import { parseJsonBody, withAuth } from '@/lib/http/with-auth';
import { resolveFailedPosting } from '@/lib/posting/resolve-failed-posting';

const bodySchema = z.object({ reason: z.string().trim().min(1, 'A reason is required to abandon').max(2000) });

export const POST = withAuth<{ id: string }>(
  async ({ req, principal, params }) => {
    const body = await parseJsonBody(req, bodySchema);
    await resolveFailedPosting(principal, params.id, 'abandon', body.reason);
    return NextResponse.json({ ok: true });
  },
  { permission: 'recommendations.read' },
);
