import { NextResponse } from 'next/server';
import { withAuth } from '@/lib/http/with-auth';
import { verifyAuditChain } from '@/lib/audit/verify-audit-chain';

export const GET = withAuth(async () => NextResponse.json(await verifyAuditChain()), { permission: 'audit.read' });
