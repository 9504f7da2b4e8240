import type { Metadata } from 'next';
import { Suspense } from 'react';
import { InboxView } from './_components/inbox-view';

export const metadata: Metadata = { title: 'Inbox' };

export default function InboxPage() {
  // The view reads its filters from the URL on the client; Suspense marks where that starts.
  return (
    <Suspense fallback={null}>
      <InboxView />
    </Suspense>
  );
}
