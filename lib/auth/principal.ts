import type { PrincipalRole, Role } from '@/lib/auth/permissions';

export interface SiteScope {
  siteId: string;
  /** null: every line of the site. */
  lineId: string | null;
}

export type Principal =
  | { kind: 'user'; id: string; name: string; email: string; role: Role; scopes: SiteScope[] }
  | { kind: 'apiKey'; id: string; name: string; role: Extract<PrincipalRole, 'GATEWAY'>; gateway: string | null; siteIds: string[] };

/** A person signed in to the console (not a gateway's API key): the only kind that may sign. */
export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export function principalRole(p: Principal): PrincipalRole {
  return p.role;
}

/** Whether the principal may see objects of this site (and line, when given). */
export function canSeeScope(p: Principal, siteId: string, lineId?: string | null): boolean {
  if (p.kind === 'apiKey') return p.siteIds.includes(siteId);
  return p.scopes.some((s) => s.siteId === siteId && (s.lineId === null || lineId == null || s.lineId === lineId));
}

export function actorOf(p: Principal): { actorType: 'USER' | 'API_KEY'; actorId: string; actorName: string } {
  return p.kind === 'user'
    ? { actorType: 'USER', actorId: p.id, actorName: p.name }
    : { actorType: 'API_KEY', actorId: p.id, actorName: p.name };
}
