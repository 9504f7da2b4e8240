import { NextResponse } from 'next/server';
import { withAuth } from '@/lib/http/with-auth';
import { permissionsOf } from '@/lib/auth/permissions';

export const GET = withAuth(
  async ({ principal }) =>
    NextResponse.json({
      id: principal.id,
      name: principal.name,
      email: principal.kind === 'user' ? principal.email : null,
      role: principal.role,
      permissions: permissionsOf(principal.role),
      sites: principal.kind === 'user' ? [...new Set(principal.scopes.map((s) => s.siteId))] : principal.siteIds,
    }),
  { permission: 'recommendations.read' },
);
