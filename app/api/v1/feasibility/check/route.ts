import { NextResponse } from 'next/server';
import { parseJsonBody, withAuth } from '@/lib/http/with-auth';
import { feasibilityRequestSchema } from '@/lib/decisions/feasibility/contract.schema';
import { checkFeasibility } from '@/lib/decisions/feasibility/check-feasibility';

export const POST = withAuth(
  async ({ req, principal }) => NextResponse.json(await checkFeasibility(principal, await parseJsonBody(req, feasibilityRequestSchema, 64_000))),
  { permission: 'feasibility.check', auth: 'apiKey' },
);
