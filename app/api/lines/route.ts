import { NextResponse } from 'next/server';
import { withAuth } from '@/lib/http/with-auth';
import { findLines } from '@/lib/plant/find-lines';

export const GET = withAuth(async ({ principal }) => NextResponse.json({ items: await findLines(principal) }), { permission: 'recommendations.read' });
