// The inbox filters as they live in the URL, so a filtered view survives a
// reload of the Perspective frame and can be linked from an Ignition screen.

export const STATUS_FILTERS = [
  { key: 'open', label: 'Open', statuses: 'PENDING,HELD' },
  // A failed post was approved too, and someone must look at it: it belongs here, in red.
  { key: 'approved', label: 'Approved & posted', statuses: 'APPROVED,AUTO_APPROVED,POSTED,POST_FAILED' },
  { key: 'rejected', label: 'Rejected', statuses: 'REJECTED' },
  { key: 'all', label: 'All', statuses: '' },
] as const;

export type StatusFilterKey = (typeof STATUS_FILTERS)[number]['key'];

export const TYPE_OPTIONS = [{ value: 'ORDER_RELEASE', label: 'Order release' }] as const;

export const PAGE_SIZE = 20;

export interface InboxFilters {
  status: StatusFilterKey;
  line: string;
  type: string;
  page: number;
}

export function parseInboxFilters(params: URLSearchParams): InboxFilters {
  const status = STATUS_FILTERS.find((f) => f.key === params.get('status'))?.key ?? 'open';
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    status,
    line: params.get('line') ?? '',
    type: params.get('type') ?? '',
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** Only non-default values go into the URL, so the plain /inbox link means "open, everything". */
export function inboxQueryString(f: InboxFilters): string {
  const qs = new URLSearchParams();
  if (f.status !== 'open') qs.set('status', f.status);
  if (f.line) qs.set('line', f.line);
  if (f.type) qs.set('type', f.type);
  if (f.page > 1) qs.set('page', String(f.page));
  const s = qs.toString();
  return s ? `?${s}` : '';
}

export function statusesFor(key: StatusFilterKey): string {
  return STATUS_FILTERS.find((f) => f.key === key)?.statuses ?? '';
}
