import { NextResponse } from 'next/server';
import { withAuth } from '@/lib/http/with-auth';
import { findPolicies } from '@/lib/policies/find-policies';

// Policies change only through a request a second admin approves: /api/policies/changes.
export const GET = withAuth(async ({ principal }) => NextResponse.json({ items: await findPolicies(principal) }), { permission: 'policies.read' });
