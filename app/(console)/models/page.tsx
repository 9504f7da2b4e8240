import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { NoAccess } from '@/components/layout/no-access';
import { ModelsView } from './_components/models-view';

export const metadata: Metadata = { title: 'Models' };

export default async function ModelsPage() {
  // Checked here too: a layout does not re-run on client navigation between pages.
  const user = await getCurrentUser();
  if (!user) redirect('/login?callbackUrl=%2Fmodels');
  if (!user.permissions.includes('models.read')) return <NoAccess what="the models" />;
  return <ModelsView />;
}
