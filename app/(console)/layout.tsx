import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { getCurrentUser } from '@/lib/auth/session';
import { CurrentUserProvider } from '@/components/layout/current-user';
import { TopBar } from '@/components/layout/top-bar';
import { PerspectiveBridge } from '@/components/embedding/perspective-bridge';
import { getEnv } from '@/lib/env';

/**
 * Where to come back to after signing in. A layout is not told its URL, so a
 * proxy may forward it in x-pathname; pages that are deep-linked from
 * Perspective also redirect with their own exact URL (see recommendations/[id]).
 */
async function returnPath(): Promise<string> {
  const candidate = (await headers()).get('x-pathname') ?? '/inbox';
  return candidate.startsWith('/') && !candidate.startsWith('//') ? candidate : '/inbox';
}

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(await returnPath())}`);

  return (
    <CurrentUserProvider user={{ id: user.id, name: user.name, email: user.email, role: user.role, permissions: user.permissions }}>
      <PerspectiveBridge frameAncestors={getEnv().FRAME_ANCESTORS}>
        <TopBar />
        <main>{children}</main>
      </PerspectiveBridge>
    </CurrentUserProvider>
  );
}
