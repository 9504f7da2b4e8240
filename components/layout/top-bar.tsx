'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useCurrentUser } from '@/components/layout/current-user';

const ROLE_LABEL = { SUPERVISOR: 'Supervisor', ACCOUNTANT: 'Accountant', ADMIN: 'Admin', VIEWER: 'Viewer' } as const;

export function TopBar() {
  const user = useCurrentUser();
  const pathname = usePathname();
  const [signingOut, setSigningOut] = useState(false);

  const links = [
    { href: '/inbox', label: 'Inbox', show: true, match: ['/inbox', '/recommendations'] },
    { href: '/policies', label: 'Policies', show: user.permissions.includes('policies.read'), match: ['/policies'] },
    { href: '/audit', label: 'Audit', show: user.permissions.includes('audit.read'), match: ['/audit'] },
    { href: '/models', label: 'Models', show: user.permissions.includes('models.read'), match: ['/models'] },
    { href: '/scorecard', label: 'Scorecard', show: user.permissions.includes('models.read'), match: ['/scorecard'] },
  ];

  return (
    <header className="topbar">
      <Link href="/inbox" className="topbar__brand">
        <span className="topbar__mark" aria-hidden="true" />
        Interlock
      </Link>
      <nav className="topbar__nav" aria-label="Main">
        {links
          .filter((l) => l.show)
          .map((l) => {
            // A recommendation is opened from the inbox, so the inbox stays highlighted there.
            const active = l.match.some((m) => pathname === m || pathname.startsWith(`${m}/`));
            return (
              <Link key={l.href} href={l.href} className="topbar__link" aria-current={active ? 'page' : undefined}>
                {l.label}
              </Link>
            );
          })}
      </nav>
      <div className="topbar__user">
        <div className="topbar__who">
          <span className="topbar__name" title={user.email}>
            {user.name}
          </span>
          <span className="topbar__role">{ROLE_LABEL[user.role]}</span>
        </div>
        <Button
          variant="ghost"
          size="small"
          busy={signingOut}
          onClick={() => {
            setSigningOut(true);
            void signOut({ callbackUrl: '/login' });
          }}
        >
          Sign out
        </Button>
      </div>
    </header>
  );
}
