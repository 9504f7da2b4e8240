import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { getCurrentUser } from '@/lib/auth/session';
import { NoAccess } from '@/components/layout/no-access';
import { AuditView } from './_components/audit-view';

export const metadata: Metadata = { title: 'Audit trail' };

export default async function AuditPage() {
  // Checked here too: a layout does not re-run on client navigation between pages.
  const user = await getCurrentUser();
  if (!user) redirect('/login?callbackUrl=%2Faudit');
  if (!user.permissions.includes('audit.read')) return <NoAccess what="the audit trail" />;
  return (
    <Suspense fallback={null}>
      <AuditView />
    </Suspense>
  );
}
