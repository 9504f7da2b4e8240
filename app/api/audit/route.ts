import { NextResponse } from 'next/server';
import { parseQuery, withAuth } from '@/lib/http/with-auth';
import { auditQuerySchema, findAuditEvents } from '@/lib/audit/find-audit-events';

export const GET = withAuth(async ({ req, principal }) => NextResponse.json(await findAuditEvents(principal, parseQuery(req, auditQuerySchema))), {
  permission: 'audit.read',
});
