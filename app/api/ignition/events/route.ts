import { NextResponse } from 'next/server';
import { withAuth } from '@/lib/http/with-auth';
import { readRawBody } from '@/lib/ignition/http/read-raw-body';
import { SIGNATURE_HEADER } from '@/lib/ignition/http/sign-batch';
import { receiveEventBatch } from '@/lib/ignition/http/receive-event-batch';

// 1,000 events of a few hundred bytes each, with room to spare.
const MAX_BODY_BYTES = 2_000_000;

export const POST = withAuth(
  async ({ req, principal }) => {
    const rawBody = await readRawBody(req, MAX_BODY_BYTES);
    const result = await receiveEventBatch({ principal, rawBody, signatureHeader: req.headers.get(SIGNATURE_HEADER) });
    return NextResponse.json(result, { status: 202 });
  },
  { permission: 'events.ingest', auth: 'apiKey' },
);
