'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { Permission, Role } from '@/lib/auth/permissions';

/** The signed-in user as the console layout read it on the server. */
export interface ConsoleUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  permissions: Permission[];
}

const CurrentUserContext = createContext<ConsoleUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: ConsoleUser; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): ConsoleUser {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser must be used inside the console layout');
  return user;
}

/**
 * Whether the UI should offer an action. Only hides buttons: the server checks
 * the same permission (and the plant scope) on every request.
 */
export function useCan(permission: Permission): boolean {
  return useCurrentUser().permissions.includes(permission);
}
