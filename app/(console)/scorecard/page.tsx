import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { getCurrentUser } from '@/lib/auth/session';
import { NoAccess } from '@/components/layout/no-access';
import { ScorecardView } from './_components/scorecard-view';

export const metadata: Metadata = { title: 'Scorecard' };

export default async function ScorecardPage() {
  // Checked here too: a layout does not re-run on client navigation between pages.
  const user = await getCurrentUser();
  if (!user) redirect('/login?callbackUrl=%2Fscorecard');
  if (!user.permissions.includes('models.read')) return <NoAccess what="the AI-vs-people scorecard" />;
  return (
    <Suspense fallback={null}>
      <ScorecardView />
    </Suspense>
  );
}
