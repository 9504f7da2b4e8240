import { NextResponse } from 'next/server';
import { parseJsonBody, parseQuery, withAuth } from '@/lib/http/with-auth';
import { findPolicyChanges } from '@/lib/policies/find-policy-changes';
import { policyChangeFiltersSchema, policyChangeRequestSchema } from '@/lib/policies/policy-change.schema';
import { requestPolicyChange } from '@/lib/policies/request-policy-change';

export const GET = withAuth(
  async ({ req, principal }) => NextResponse.json({ items: await findPolicyChanges(principal, parseQuery(req, policyChangeFiltersSchema)) }),
  { permission: 'policies.read' },
);

export const POST = withAuth(
  async ({ req, principal }) => {
    const change = await requestPolicyChange(principal, await parseJsonBody(req, policyChangeRequestSchema));
    return NextResponse.json({ change }, { status: 201 });
  },
  { permission: 'policies.write' },
);
