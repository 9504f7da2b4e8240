import { EmptyState } from '@/components/ui/empty-state';

/** What a page shows to a signed-in user whose role lacks the permission it needs. */
export function NoAccess({ what }: { what: string }) {
  return (
    <div className="page">
      <div className="card">
        <EmptyState title="No access">Your role cannot see {what}. Ask an administrator if you need it.</EmptyState>
      </div>
    </div>
  );
}
