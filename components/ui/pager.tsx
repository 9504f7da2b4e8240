import { Button } from '@/components/ui/button';

/** Server-side pagination: "1–20 of 57" with Prev/Next. Pages are 1-based like the API. */
export function Pager({
  page,
  pageSize,
  total,
  onPage,
  busy = false,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  busy?: boolean;
}) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(page * pageSize, total);
  const hasPrev = page > 1;
  const hasNext = page * pageSize < total;
  return (
    <nav className="pager" aria-label="Pagination">
      <span className="pager__range" aria-live="polite">
        {first}–{last} of {total}
      </span>
      <div className="btn-row">
        <Button size="small" onClick={() => onPage(page - 1)} disabled={!hasPrev || busy} aria-label="Previous page">
          ‹ Prev
        </Button>
        <Button size="small" onClick={() => onPage(page + 1)} disabled={!hasNext || busy} aria-label="Next page">
          Next ›
        </Button>
      </div>
    </nav>
  );
}
