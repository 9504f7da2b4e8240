import { NextResponse } from 'next/server';
import { parseJsonBody, withAuth } from '@/lib/http/with-auth';
import { findPolicies } from '@/lib/policies/find-policies';
import { updatePolicy, updatePolicySchema } from '@/lib/policies/update-policy';

export const GET = withAuth(async ({ principal }) => NextResponse.json({ items: await findPolicies(principal) }), { permission: 'policies.read' });

export const PUT = withAuth(
  async ({ req, principal }) => NextResponse.json({ policy: await updatePolicy(principal, await parseJsonBody(req, updatePolicySchema)) }),
  { permission: 'policies.write' },
);
