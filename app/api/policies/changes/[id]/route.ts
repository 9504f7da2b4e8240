import { NextResponse } from 'next/server';
import { parseJsonBody, parseWith, withAuth } from '@/lib/http/with-auth';
import { approvePolicyChange } from '@/lib/policies/approve-policy-change';
import { cancelPolicyChange } from '@/lib/policies/cancel-policy-change';
import { policyChangeDecisionSchema, policyChangeParamsSchema } from '@/lib/policies/policy-change.schema';
import { rejectPolicyChange } from '@/lib/policies/reject-policy-change';

// Who may take which action (another admin approves or rejects, the requester cancels) is the use cases' check.
export const POST = withAuth<{ id: string }>(
  async ({ req, principal, params }) => {
    const { id } = parseWith(policyChangeParamsSchema, params, 'path');
    const body = await parseJsonBody(req, policyChangeDecisionSchema);
    const change =
      body.action === 'approve'
        ? await approvePolicyChange(principal, id, { version: body.version, password: body.password, comment: body.comment })
        : body.action === 'reject'
          ? await rejectPolicyChange(principal, id, { version: body.version, comment: body.comment })
          : await cancelPolicyChange(principal, id, { version: body.version, comment: body.comment });
    return NextResponse.json({ change });
  },
  { permission: 'policies.write' },
);
