import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { roleMappingSchema, type RoleMapping } from '@/lib/auth/map-external-roles';
import { openSecret, secretContext } from '@/lib/ignition/http/secret-box';
import { LAUNCH_ALGORITHMS, type LaunchAlgorithm, type LaunchKeys } from '@/lib/ignition/http/launch-token';
import { createLogger } from '@/lib/log';

const log = createLogger('gateway');

export interface GatewayConfig {
  id: string;
  name: string;
  siteIds: string[];
  /** Current secret first, then the previous one while its grace period lasts. Empty: no secret configured. */
  signingSecrets: string[];
  launch: LaunchKeys;
  roleMapping: RoleMapping;
}

export function masterSecret(): string {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) throw new AppError('UNAVAILABLE', 'NEXTAUTH_SECRET is not set: gateway secrets cannot be read.');
  return secret;
}

function open(gatewayId: string, sealed: string, kind: 'signing' | 'launch'): string {
  const plain = openSecret(sealed, masterSecret(), secretContext(gatewayId, kind));
  if (plain === null) {
    // Fail closed and say why in the log: the usual cause is a changed NEXTAUTH_SECRET.
    log.error('a gateway secret cannot be decrypted (was NEXTAUTH_SECRET changed?)', { gatewayId, kind });
    throw new AppError('UNAVAILABLE', `The ${kind} secret of gateway ${gatewayId} cannot be read; an admin must set it again.`);
  }
  return plain;
}

/** The gateway's configuration with its secrets decrypted, or null when no such gateway is registered. */
export async function getGatewayConfig(gatewayId: string, now = new Date()): Promise<GatewayConfig | null> {
  const row = await db.gateway.findUnique({ where: { id: gatewayId } });
  if (!row) return null;
  const signingSecrets: string[] = [];
  if (row.signingSecret) signingSecrets.push(open(row.id, row.signingSecret, 'signing'));
  if (row.previousSigningSecret && row.previousSecretUntil && row.previousSecretUntil > now) {
    signingSecrets.push(open(row.id, row.previousSigningSecret, 'signing'));
  }
  const mapping = roleMappingSchema.safeParse(row.roleMapping);
  if (!mapping.success) log.warn('a gateway role mapping is invalid; nobody can sign in through it', { gatewayId });
  return {
    id: row.id,
    name: row.name,
    siteIds: row.siteIds,
    signingSecrets,
    launch: {
      algorithms: row.launchAlgorithms.filter((a): a is LaunchAlgorithm => (LAUNCH_ALGORITHMS as readonly string[]).includes(a)),
      secret: row.launchSecret ? open(row.id, row.launchSecret, 'launch') : null,
      publicKeyPem: row.launchPublicKey,
    },
    roleMapping: mapping.success ? mapping.data : {},
  };
}
