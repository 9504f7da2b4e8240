import { NextResponse } from 'next/server';
import { parseQuery, withAuth } from '@/lib/http/with-auth';
import { deadLetterQuerySchema, findDeadLetters } from '@/lib/ignition/mqtt/find-dead-letters';

export const GET = withAuth(async ({ req, principal }) => NextResponse.json(await findDeadLetters(principal, parseQuery(req, deadLetterQuerySchema))), {
  permission: 'ingest.dead_letters.read',
});
