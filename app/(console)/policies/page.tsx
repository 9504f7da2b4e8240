import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { NoAccess } from '@/components/layout/no-access';
import { PoliciesView } from './_components/policies-view';

export const metadata: Metadata = { title: 'Policies' };

export default async function PoliciesPage() {
  // Checked here too: a layout does not re-run on client navigation between pages.
  const user = await getCurrentUser();
  if (!user) redirect('/login?callbackUrl=%2Fpolicies');
  if (!user.permissions.includes('policies.read')) return <NoAccess what="autonomy policies" />;
  return <PoliciesView canWrite={user.permissions.includes('policies.write')} />;
}
