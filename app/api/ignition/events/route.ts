import { NextResponse } from 'next/server';
import { parseJsonBody, withAuth } from '@/lib/http/with-auth';
import { AppError } from '@/lib/errors';
import { eventBatchSchema } from '@/lib/ignition/plant-event.schema';
import { ingestPlantEvents } from '@/lib/ignition/ingest-plant-events';

// 1,000 events of a few hundred bytes each, with room to spare.
const MAX_BODY_BYTES = 2_000_000;

export const POST = withAuth(
  async ({ req, principal }) => {
    const batch = await parseJsonBody(req, eventBatchSchema, MAX_BODY_BYTES);
    if (principal.kind !== 'apiKey') throw new AppError('FORBIDDEN', 'Only gateways send plant events.');
    if (principal.gateway && principal.gateway !== batch.gateway) {
      throw new AppError('FORBIDDEN', `This key belongs to gateway ${principal.gateway}, not ${batch.gateway}.`);
    }
    const result = await ingestPlantEvents({ gateway: batch.gateway, allowedSites: principal.siteIds }, batch.events);
    return NextResponse.json(result, { status: 202 });
  },
  { permission: 'events.ingest', auth: 'apiKey' },
);
