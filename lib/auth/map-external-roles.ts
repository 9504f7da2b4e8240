// Roles from outside (Ignition roles in a launch token, an IdP's role claim)
// mapped to Interlock roles through a configured table. Client-safe and pure.
import { z } from 'zod';
import { ROLES, type Role } from '@/lib/auth/permissions';

export const roleMappingSchema = z.record(z.string().trim().min(1).max(100), z.enum(ROLES));
export type RoleMapping = z.infer<typeof roleMappingSchema>;

/**
 * When several external roles map to different Interlock roles, a provisioned
 * user gets the first of these: a person who is both an Ignition "Supervisor"
 * and an "Operator" works as a supervisor. The order is a choice, not a
 * hierarchy of permissions (SUPERVISOR and ACCOUNTANT do different things).
 */
export const ROLE_PRECEDENCE: readonly Role[] = ['ADMIN', 'SUPERVISOR', 'ACCOUNTANT', 'VIEWER'];

/** The distinct Interlock roles the external roles map to. Names match exactly, case-sensitively, as Ignition's do. */
export function mapExternalRoles(externalRoles: readonly string[], mapping: RoleMapping): Role[] {
  const mapped = new Set<Role>();
  for (const r of externalRoles) {
    const role = Object.hasOwn(mapping, r) ? mapping[r] : undefined;
    if (role) mapped.add(role);
  }
  return ROLE_PRECEDENCE.filter((r) => mapped.has(r));
}

/** The role a provisioned user gets, or null when none of their roles is mapped. */
export function pickRole(mapped: readonly Role[]): Role | null {
  return ROLE_PRECEDENCE.find((r) => mapped.includes(r)) ?? null;
}

/** Reads a role claim that may be a list, a single string, or space/comma-separated (IdPs differ); dots walk into nested claims. */
export function readRoleClaim(claims: Record<string, unknown>, claimPath: string): string[] {
  let value: unknown = claims;
  for (const key of claimPath.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return [];
    value = (value as Record<string, unknown>)[key];
  }
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}
