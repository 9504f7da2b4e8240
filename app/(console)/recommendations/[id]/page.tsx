import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/session';
import { RecommendationDetailView } from '@/components/recommendations/recommendation-detail-view';

export const metadata: Metadata = { title: 'Recommendation' };

export default async function RecommendationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Checked here too: the layout does not re-run on client navigation, and only a page knows its
  // own URL, so a session that ended mid-shift comes back to this very recommendation.
  if (!(await getCurrentUser())) redirect(`/login?callbackUrl=${encodeURIComponent(`/recommendations/${id}`)}`);
  // Keyed by id so moving to a re-checked recommendation starts with fresh dialog and banner state.
  return <RecommendationDetailView key={id} id={id} />;
}
