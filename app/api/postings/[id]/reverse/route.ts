import { NextResponse } from 'next/server';
import { z } from 'zod';
import { parseJsonBody, withAuth } from '@/lib/http/with-auth';
import { reversePosting } from '@/lib/posting/reverse-posting';

const bodySchema = z.object({
  reason: z.string().trim().min(1, 'A reason is required to reverse').max(2000),
  password: z.string({ error: 'password is required to sign' }).min(1, 'password is required to sign').max(200),
});

// Coarse check only: the use case checks the decision type's module and the scope.
export const POST = withAuth<{ id: string }>(
  async ({ req, principal, params }) => {
    const body = await parseJsonBody(req, bodySchema);
    return NextResponse.json({ postingId: await reversePosting(principal, params.id, body) }, { status: 201 });
  },
  { permission: 'recommendations.read' },
);
