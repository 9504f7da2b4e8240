import 'server-only';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { hasPermission } from '@/lib/auth/permissions';
import { actorOf, type Principal } from '@/lib/auth/principal';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { generateSecret, sealSecret, secretContext } from '@/lib/ignition/http/secret-box';
import { masterSecret } from '@/lib/ignition/http/get-gateway-config';

/** How long the replaced secret stays valid by default: time to update the gateway's script. */
export const DEFAULT_ROTATION_GRACE_S = 24 * 3600;

/**
 * Gives a gateway a new signing secret. The current one becomes the previous
 * one and is still accepted for `graceSeconds`, so batches in flight and a
 * gateway not yet updated keep working. Returns the new secret: shown once,
 * stored only encrypted.
 */
export async function rotateGatewaySecret(options: { principal: Principal; gatewayId: string; graceSeconds?: number; now?: Date }): Promise<{ secret: string; previousValidUntil: Date | null }> {
  const { principal, gatewayId } = options;
  const now = options.now ?? new Date();
  const grace = options.graceSeconds ?? DEFAULT_ROTATION_GRACE_S;
  if (!Number.isInteger(grace) || grace < 0 || grace > 30 * 24 * 3600) {
    throw new AppError('BAD_REQUEST', 'graceSeconds must be a whole number of seconds between 0 and 30 days', { fieldErrors: { graceSeconds: ['between 0 and 2592000'] } });
  }
  const gateway = await db.gateway.findUnique({ where: { id: gatewayId } });
  if (!gateway) throw new AppError('NOT_FOUND', 'Gateway not found');
  if (!hasPermission(principal.role, 'gateways.manage')) throw new AppError('FORBIDDEN', 'Your role may not manage gateways (needs gateways.manage).');
  if (principal.kind === 'user' && !gateway.siteIds.every((site) => principal.scopes.some((s) => s.siteId === site && s.lineId === null))) {
    throw new AppError('FORBIDDEN', 'This gateway reports for sites outside your scope.');
  }

  const secret = generateSecret();
  const previousValidUntil = gateway.signingSecret && grace > 0 ? new Date(now.getTime() + grace * 1000) : null;
  await db.$transaction(async (tx) => {
    // Conditional on the secret we read: two admins rotating at once cannot both win and lose one secret silently.
    const { count } = await tx.gateway.updateMany({
      where: { id: gatewayId, signingSecret: gateway.signingSecret },
      data: {
        signingSecret: sealSecret(secret, masterSecret(), secretContext(gatewayId, 'signing')),
        previousSigningSecret: previousValidUntil ? gateway.signingSecret : null,
        previousSecretUntil: previousValidUntil,
      },
    });
    if (count !== 1) throw new AppError('CONFLICT', 'The gateway changed while rotating its secret; try again.');
    await recordAuditEvent(tx, {
      actor: actorOf(principal),
      action: 'gateway.secret_rotated',
      entityType: 'Gateway',
      entityId: gatewayId,
      data: { previousValidUntil: previousValidUntil?.toISOString() ?? null, graceSeconds: grace },
    });
  });
  return { secret, previousValidUntil };
}
