import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, decidePermissionFor, hasPermission, permissionsOf } from '@/lib/auth/permissions';

describe('permissions table', () => {
  it('lets supervisors and admins decide production (PP) but not viewers or accountants', () => {
    expect(hasPermission('SUPERVISOR', 'decide.PP')).toBe(true);
    expect(hasPermission('ADMIN', 'decide.PP')).toBe(true);
    expect(hasPermission('VIEWER', 'decide.PP')).toBe(false);
    expect(hasPermission('ACCOUNTANT', 'decide.PP')).toBe(false);
  });

  it('keeps finance decisions with accountants and admins', () => {
    expect(hasPermission('ACCOUNTANT', 'decide.FI')).toBe(true);
    expect(hasPermission('SUPERVISOR', 'decide.FI')).toBe(false);
  });

  it('gives the viewer no write permission at all', () => {
    const writes = permissionsOf('VIEWER').filter((p) => !p.endsWith('.read'));
    expect(writes).toEqual([]);
  });

  it('gives gateways only their machine endpoints', () => {
    expect(permissionsOf('GATEWAY').sort()).toEqual(['events.ingest', 'feasibility.check']);
    for (const role of ROLES) {
      expect(hasPermission(role, 'events.ingest')).toBe(false);
      expect(hasPermission(role, 'feasibility.check')).toBe(false);
    }
  });

  it('only admins change policies', () => {
    expect(PERMISSIONS['policies.write']).toEqual(['ADMIN']);
  });

  it('maps decision types to a decide permission and fails closed on unknown types', () => {
    expect(decidePermissionFor('ORDER_RELEASE')).toBe('decide.PP');
    expect(decidePermissionFor('SOMETHING_ELSE')).toBeNull();
  });
});
