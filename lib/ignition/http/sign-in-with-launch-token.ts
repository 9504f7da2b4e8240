import 'server-only';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import type { Role } from '@/lib/auth/permissions';
import { signInExternalUser, type ExternalSignInRefusal } from '@/lib/auth/sign-in-external-user';
import { getGatewayConfig, type GatewayConfig } from '@/lib/ignition/http/get-gateway-config';
import { verifyLaunchToken, type LaunchClaims, type LaunchFailure } from '@/lib/ignition/http/launch-token';
import { sweepExpired } from '@/lib/ignition/http/replay-guard';
import { createLogger } from '@/lib/log';

const log = createLogger('launch');

export type LaunchSignIn =
  | {
      ok: true;
      user: { id: string; name: string; email: string; role: Role };
      provisioned: boolean;
      /** Where the token asked the console to open. */
      target: Pick<LaunchClaims, 'site' | 'line' | 'order'>;
    }
  | { ok: false; reason: LaunchFailure };

class Refused extends Error {
  constructor(readonly reason: ExternalSignInRefusal) {
    super(reason);
  }
}

/**
 * Signs a Perspective user in from a launch token: verifies it, uses its jti
 * (once: insert-or-conflict in Postgres, so it holds across processes), finds
 * or provisions the user and audits the sign-in, all in one transaction. A
 * refused token creates nothing and leaves its jti unused; the caller then
 * starts the session (the cookie is the caller's: this is not HTTP code).
 */
export async function signInWithLaunchToken(token: string | null, nowMs = Date.now()): Promise<LaunchSignIn> {
  const gateways = new Map<string, GatewayConfig | null>();
  const verification = await verifyLaunchToken(token, {
    audience: getEnv().LAUNCH_TOKEN_AUDIENCE,
    nowMs,
    keysFor: async (gatewayId) => {
      const config = await getGatewayConfig(gatewayId);
      gateways.set(gatewayId, config);
      return config?.launch ?? null;
    },
  });
  if (!verification.ok) {
    log.warn('launch token refused', { reason: verification.reason });
    return verification;
  }
  const { claims } = verification;
  const gateway = gateways.get(claims.iss)!;
  try {
    const result = await db.$transaction(async (tx) => {
      const used = await tx.usedLaunchToken.createMany({
        data: [{ gatewayId: gateway.id, jti: claims.jti, expiresAt: new Date(claims.exp * 1000) }],
        skipDuplicates: true,
      });
      if (used.count === 0) return null;
      const signIn = await signInExternalUser(tx, {
        source: `gateway:${gateway.id}`,
        subject: claims.sub,
        email: claims.email,
        name: claims.name,
        externalRoles: claims.roles,
        roleMapping: gateway.roleMapping,
        siteIds: gateway.siteIds,
        via: 'launch_token',
        audit: { gateway: gateway.id, jti: claims.jti, target: { site: claims.site, line: claims.line, order: claims.order } },
      });
      // Roll back the jti and anything else: a refused sign-in leaves no trace but the log.
      if (!signIn.ok) throw new Refused(signIn.reason);
      return signIn;
    });
    if (!result) {
      log.warn('launch token replayed', { gateway: gateway.id, jti: claims.jti });
      return { ok: false, reason: 'replayed' };
    }
    void sweepExpired(new Date(nowMs));
    log.info('signed in from Perspective', { gateway: gateway.id, userId: result.user.id, provisioned: result.provisioned });
    return { ok: true, user: result.user, provisioned: result.provisioned, target: { site: claims.site, line: claims.line, order: claims.order } };
  } catch (e) {
    if (e instanceof Refused) {
      log.warn('launch sign-in refused', { gateway: gateway.id, reason: e.reason });
      return { ok: false, reason: e.reason };
    }
    throw e;
  }
}
