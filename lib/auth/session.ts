import 'server-only';
import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth/auth-options';
import { db } from '@/lib/db';
import { permissionsOf, type Permission, type Role } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/principal';

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  permissions: Permission[];
}

export async function getUserPrincipal(userId: string): Promise<Extract<Principal, { kind: 'user' }> | null> {
  const user = await db.user.findUnique({ where: { id: userId }, include: { scopes: true } });
  if (!user || !user.active) return null;
  return {
    kind: 'user',
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    scopes: user.scopes.map((s) => ({ siteId: s.siteId, lineId: s.lineId })),
  };
}

export async function getSessionPrincipal(): Promise<Extract<Principal, { kind: 'user' }> | null> {
  const session = (await getServerSession(authOptions)) as { userId?: string } | null;
  if (!session?.userId) return null;
  return getUserPrincipal(session.userId);
}

export async function getCurrentUser(): Promise<CurrentUser | null> {
  const p = await getSessionPrincipal();
  return p ? { id: p.id, name: p.name, email: p.email, role: p.role, permissions: permissionsOf(p.role) } : null;
}
