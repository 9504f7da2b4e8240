// The one permissions table. Code asks for a permission, never a role name.
// Client-safe: the console reads it to hide buttons; the server enforces it.
export const ROLES = ['SUPERVISOR', 'ACCOUNTANT', 'ADMIN', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];
/** Machine clients (Ignition gateways) hold API keys with this role. */
export type PrincipalRole = Role | 'GATEWAY';

export const PERMISSIONS = {
  'recommendations.read': ['SUPERVISOR', 'ACCOUNTANT', 'ADMIN', 'VIEWER'],
  'recommendations.request': ['SUPERVISOR', 'ADMIN'],
  // Deciding is per ERP module: PP production, MM inventory, QM quality, FI finance.
  'decide.PP': ['SUPERVISOR', 'ADMIN'],
  'decide.MM': ['SUPERVISOR', 'ACCOUNTANT', 'ADMIN'],
  'decide.QM': ['SUPERVISOR', 'ADMIN'],
  'decide.FI': ['ACCOUNTANT', 'ADMIN'],
  'policies.read': ['SUPERVISOR', 'ACCOUNTANT', 'ADMIN', 'VIEWER'],
  'policies.write': ['ADMIN'],
  'audit.read': ['ADMIN', 'VIEWER', 'ACCOUNTANT'],
  // Model registry pages: versions, metrics, live scores and drift.
  'models.read': ['ADMIN', 'VIEWER', 'SUPERVISOR', 'ACCOUNTANT'],
  // Put a candidate in shadow, request, approve or reject a promotion (never one's own), roll back.
  'models.manage': ['ADMIN'],
  'erp.sync': ['ADMIN'],
  'feasibility.check': ['GATEWAY'],
  'events.ingest': ['GATEWAY'],
  'ingest.dead_letters.read': ['ADMIN'],
  // Ignition gateways: sites, signing secrets, launch-token keys, role mapping.
  'gateways.manage': ['ADMIN'],
} as const satisfies Record<string, readonly PrincipalRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(role: PrincipalRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly PrincipalRole[]).includes(role);
}

export function permissionsOf(role: PrincipalRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => hasPermission(role, p));
}

/** The ERP module each decision type belongs to. */
export const DECISION_TYPE_MODULE = {
  ORDER_RELEASE: 'PP',
} as const satisfies Record<string, 'PP' | 'MM' | 'QM' | 'FI'>;

export type DecisionType = keyof typeof DECISION_TYPE_MODULE;

export function decidePermissionFor(type: string): Permission | null {
  const erpModule = (DECISION_TYPE_MODULE as Record<string, 'PP' | 'MM' | 'QM' | 'FI'>)[type];
  return erpModule ? (`decide.${erpModule}` as Permission) : null;
}
