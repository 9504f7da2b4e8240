import 'server-only';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { parseWith } from '@/lib/http/with-auth';
import type { Principal } from '@/lib/auth/principal';
import { eventBatchSchema, type IngestResult } from '@/lib/ignition/plant-event.schema';
import { ingestPlantEvents } from '@/lib/ignition/ingest-plant-events';
import { getGatewayConfig } from '@/lib/ignition/http/get-gateway-config';
import { SIGNATURE_FAILURE_MESSAGE, SIGNATURE_WINDOW_S, verifyBatchSignature } from '@/lib/ignition/http/batch-signature';
import { claimBatchSignature, releaseBatchSignature, sweepExpired } from '@/lib/ignition/http/replay-guard';
import { createLogger } from '@/lib/log';

const log = createLogger('ignition-http');

export interface SignedBatchRequest {
  principal: Principal;
  /** The body exactly as received: the signature covers these bytes. */
  rawBody: string;
  signatureHeader: string | null;
  nowMs?: number;
}

/**
 * A batch of plant events over HTTP. In this order: the API key names the
 * gateway; the signature is checked when the gateway has a secret (or when
 * IGNITION_REQUIRE_SIGNATURES says every gateway must sign) and its content is
 * recorded against replays; then the body is parsed, and the events go to the
 * one ingest use case, which commits them before this returns.
 */
export async function receiveEventBatch(request: SignedBatchRequest): Promise<IngestResult> {
  const { principal } = request;
  if (principal.kind !== 'apiKey') throw new AppError('FORBIDDEN', 'Only gateways send plant events.');
  if (!principal.gateway) throw new AppError('FORBIDDEN', 'This API key is not bound to a gateway; ask an admin for a gateway key.');
  const nowMs = request.nowMs ?? Date.now();
  const gateway = await getGatewayConfig(principal.gateway, new Date(nowMs));

  let replay: { key: string } | null = null;
  const mustSign = (gateway?.signingSecrets.length ?? 0) > 0 || getEnv().IGNITION_REQUIRE_SIGNATURES;
  if (mustSign) {
    if (!gateway || gateway.signingSecrets.length === 0) {
      throw new AppError('UNAUTHENTICATED', `Signatures are required, and gateway ${principal.gateway} has no signing secret configured.`);
    }
    const check = verifyBatchSignature({ header: request.signatureHeader, rawBody: request.rawBody, secrets: gateway.signingSecrets, nowMs });
    if (!check.ok) {
      log.warn('batch signature refused', { gateway: gateway.id, reason: check.reason });
      throw new AppError('UNAUTHENTICATED', SIGNATURE_FAILURE_MESSAGE[check.reason]);
    }
    // Kept a little past the window so that a replay at its very edge is still caught.
    const expiresAt = new Date((check.timestamp + SIGNATURE_WINDOW_S + 60) * 1000);
    if (!(await claimBatchSignature(gateway.id, check.replayKey, expiresAt))) {
      log.warn('batch replay refused', { gateway: gateway.id });
      throw new AppError('UNAUTHENTICATED', 'This signed batch was already received (replay). Sign every request when it is sent.');
    }
    if (check.secretIndex > 0) log.info('batch signed with the previous secret (rotation in progress)', { gateway: gateway.id });
    replay = { key: check.replayKey };
  }

  let json: unknown;
  try {
    json = request.rawBody.length ? JSON.parse(request.rawBody) : undefined;
  } catch {
    throw new AppError('BAD_REQUEST', 'Body is not valid JSON', { fieldErrors: { _: ['Body is not valid JSON'] } });
  }
  const batch = parseWith(eventBatchSchema, json, 'request body');
  if (principal.gateway !== batch.gateway) {
    throw new AppError('FORBIDDEN', `This key belongs to gateway ${principal.gateway}, not ${batch.gateway}.`);
  }
  // A registered gateway narrows its keys' sites to its own; an unregistered one (no secret, signatures optional) keeps its key's.
  const allowedSites = gateway ? principal.siteIds.filter((s) => gateway.siteIds.includes(s)) : principal.siteIds;
  try {
    const result = await ingestPlantEvents({ gateway: batch.gateway, allowedSites }, batch.events);
    void sweepExpired(new Date(nowMs));
    return result;
  } catch (e) {
    if (replay) await releaseBatchSignature(principal.gateway, replay.key).catch(() => {});
    throw e;
  }
}
