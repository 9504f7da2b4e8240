import { describe, expect, it } from 'vitest';
import { mapExternalRoles, pickRole, readRoleClaim, roleMappingSchema } from '@/lib/auth/map-external-roles';

const MAPPING = { Supervisor: 'SUPERVISOR', Operator: 'VIEWER', Administrator: 'ADMIN', Finance: 'ACCOUNTANT' } as const;

describe('mapExternalRoles', () => {
  it('maps known roles, ignores unknown ones, and orders by precedence', () => {
    expect(mapExternalRoles(['Operator', 'Supervisor', 'Guest'], MAPPING)).toEqual(['SUPERVISOR', 'VIEWER']);
    expect(mapExternalRoles(['Guest'], MAPPING)).toEqual([]);
  });

  it('matches names exactly (case-sensitive) and does not read inherited keys', () => {
    expect(mapExternalRoles(['supervisor', 'toString', '__proto__'], MAPPING)).toEqual([]);
  });

  it('picks the first role by precedence, or none', () => {
    expect(pickRole(['VIEWER', 'ADMIN'])).toBe('ADMIN');
    expect(pickRole(['ACCOUNTANT', 'SUPERVISOR'])).toBe('SUPERVISOR');
    expect(pickRole([])).toBeNull();
  });

  it('validates a mapping: values must be Interlock roles', () => {
    expect(roleMappingSchema.safeParse({ Supervisor: 'SUPERVISOR' }).success).toBe(true);
    expect(roleMappingSchema.safeParse({ Supervisor: 'GOD' }).success).toBe(false);
    expect(roleMappingSchema.safeParse({ Supervisor: 'GATEWAY' }).success).toBe(false);
  });
});

describe('readRoleClaim', () => {
  it('reads lists, strings and nested claims', () => {
    expect(readRoleClaim({ roles: ['a', 'b', 3] }, 'roles')).toEqual(['a', 'b']);
    expect(readRoleClaim({ groups: 'a b,c' }, 'groups')).toEqual(['a', 'b', 'c']);
    expect(readRoleClaim({ realm_access: { roles: ['x'] } }, 'realm_access.roles')).toEqual(['x']);
    expect(readRoleClaim({ realm_access: null }, 'realm_access.roles')).toEqual([]);
    expect(readRoleClaim({}, 'roles')).toEqual([]);
  });
});
