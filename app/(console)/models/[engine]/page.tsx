import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { NoAccess } from '@/components/layout/no-access';
import { ModelEngineView } from './_components/model-engine-view';

export const metadata: Metadata = { title: 'Model' };

export default async function ModelEnginePage({ params }: { params: Promise<{ engine: string }> }) {
  const { engine } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/models/${engine}`)}`);
  if (!user.permissions.includes('models.read')) return <NoAccess what="the models" />;
  return <ModelEngineView key={engine} engine={engine} />;
}
