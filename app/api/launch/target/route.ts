import { NextResponse } from 'next/server';
import { parseQuery, withAuth } from '@/lib/http/with-auth';
import { launchTargetSchema, resolveLaunchTarget } from '@/lib/ignition/http/resolve-launch-target';

/** GET /api/launch/target?site=&line=&order=: the console page for a Perspective navigate message. */
export const GET = withAuth(
  async ({ req, principal }) => NextResponse.json({ path: await resolveLaunchTarget(principal, parseQuery(req, launchTargetSchema)) }),
  { permission: 'recommendations.read' },
);
