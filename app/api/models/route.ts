import { NextResponse } from 'next/server';
import { withAuth } from '@/lib/http/with-auth';
import { findModelEngines } from '@/lib/models/find-model-engines';

export const GET = withAuth(async ({ principal }) => NextResponse.json({ items: await findModelEngines(principal) }), { permission: 'models.read' });
