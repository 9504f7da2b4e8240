import 'server-only';
import type { Tx } from '@/lib/db';
import type { Role } from '@/lib/auth/permissions';
import { mapExternalRoles, pickRole, type RoleMapping } from '@/lib/auth/map-external-roles';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';

export interface ExternalSignInInput {
  /** "gateway:<id>" for a Perspective launch token, "oidc" for the identity provider. */
  source: string;
  /** The user's stable name at the source (Perspective user name, IdP subject). */
  subject: string;
  email: string;
  name?: string;
  externalRoles: readonly string[];
  roleMapping: RoleMapping;
  /** Sites of the source: a provisioned user sees these; a local user must already see one of them. */
  siteIds: readonly string[];
  via: 'launch_token' | 'oidc';
  /** Extra facts for the audit trail (gateway, jti, target). */
  audit?: Record<string, unknown>;
}

export type ExternalSignInRefusal = 'no_role' | 'role_mismatch' | 'out_of_scope' | 'inactive';

export type ExternalSignInResult =
  | { ok: true; user: { id: string; name: string; email: string; role: Role }; provisioned: boolean }
  | { ok: false; reason: ExternalSignInRefusal };

/**
 * Finds or provisions the Interlock user behind an outside sign-in, inside the
 * caller's transaction (so a refusal, or a failure later in it, creates nothing),
 * and writes the audit events.
 *
 * - A user first seen through this source is provisioned, scoped to the
 *   source's sites, with the role its external roles map to; the source then
 *   owns that role and it follows their external roles on every sign-in.
 * - A user who already exists in Interlock (matched by email) keeps the role
 *   and scopes an admin gave them: their external roles must map to that role,
 *   and they must already see one of the source's sites. A gateway cannot make
 *   anyone an admin, nor reach into another plant.
 * - Provisioned users get no password, so the e-signature's re-authentication
 *   (which asks for one) stays out of their reach until an admin sets one.
 */
export async function signInExternalUser(tx: Tx, input: ExternalSignInInput): Promise<ExternalSignInResult> {
  const mapped = mapExternalRoles(input.externalRoles, input.roleMapping);
  const email = input.email.trim().toLowerCase();
  const identity = await tx.externalIdentity.findUnique({ where: { source_subject: { source: input.source, subject: input.subject } } });
  const existing = identity
    ? await tx.user.findUnique({ where: { id: identity.userId }, include: { scopes: true } })
    : await tx.user.findUnique({ where: { email }, include: { scopes: true } });
  const actorFor = (u: { id: string; name: string }) => ({ actorType: 'USER' as const, actorId: u.id, actorName: u.name });

  if (!existing) {
    const role = pickRole(mapped);
    if (!role) return { ok: false, reason: 'no_role' };
    const name = input.name?.trim() || input.subject;
    const user = await tx.user.create({
      data: {
        email,
        name,
        role,
        // Not a scrypt hash: verifyPassword refuses it, so no password can match.
        passwordHash: `external:${input.source}`,
        scopes: { create: input.siteIds.map((siteId) => ({ siteId, lineId: null })) },
      },
    });
    await tx.externalIdentity.create({ data: { source: input.source, subject: input.subject, userId: user.id, managed: true } });
    await recordAuditEvent(tx, {
      actor: { actorType: 'SYSTEM', actorName: input.source },
      action: 'user.created',
      entityType: 'User',
      entityId: user.id,
      data: { via: input.via, source: input.source, subject: input.subject, email, role, siteIds: input.siteIds, externalRoles: input.externalRoles },
    });
    await audit(tx, actorFor(user), user.id, input, role, mapped, true);
    return { ok: true, user: { id: user.id, name: user.name, email: user.email, role }, provisioned: true };
  }

  if (!existing.active) return { ok: false, reason: 'inactive' };
  let role = existing.role;
  if (identity?.managed) {
    const desired = pickRole(mapped);
    if (!desired) return { ok: false, reason: 'no_role' };
    if (desired !== existing.role) {
      await tx.user.update({ where: { id: existing.id }, data: { role: desired } });
      await recordAuditEvent(tx, {
        actor: { actorType: 'SYSTEM', actorName: input.source },
        action: 'user.role_synced',
        entityType: 'User',
        entityId: existing.id,
        data: { source: input.source, from: existing.role, to: desired, externalRoles: input.externalRoles },
      });
      role = desired;
    }
    const missing = input.siteIds.filter((siteId) => !existing.scopes.some((s) => s.siteId === siteId && s.lineId === null));
    if (missing.length) await tx.userScope.createMany({ data: missing.map((siteId) => ({ userId: existing.id, siteId, lineId: null })), skipDuplicates: true });
  } else {
    if (mapped.length === 0) return { ok: false, reason: 'no_role' };
    if (!mapped.includes(existing.role)) return { ok: false, reason: 'role_mismatch' };
    if (!existing.scopes.some((s) => input.siteIds.includes(s.siteId))) return { ok: false, reason: 'out_of_scope' };
  }
  if (identity) {
    await tx.externalIdentity.update({ where: { id: identity.id }, data: { lastSeenAt: new Date() } });
  } else {
    await tx.externalIdentity.create({ data: { source: input.source, subject: input.subject, userId: existing.id, managed: false } });
  }
  await audit(tx, actorFor(existing), existing.id, input, role, mapped, false);
  return { ok: true, user: { id: existing.id, name: existing.name, email: existing.email, role }, provisioned: false };
}

async function audit(
  tx: Tx,
  actor: { actorType: 'USER'; actorId: string; actorName: string },
  userId: string,
  input: ExternalSignInInput,
  role: Role,
  mapped: Role[],
  provisioned: boolean,
) {
  await recordAuditEvent(tx, {
    actor,
    action: 'user.signed_in',
    entityType: 'User',
    entityId: userId,
    data: { via: input.via, source: input.source, subject: input.subject, role, externalRoles: input.externalRoles, mappedRoles: mapped, provisioned, ...input.audit },
  });
}
