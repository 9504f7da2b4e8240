// React Query keys for the console, from one factory so that invalidating a
// prefix (e.g. every list after a decision) cannot miss a spelling variant.
// Client-safe: no server imports.

export interface RecommendationListFilters {
  /** Comma-separated statuses as the API takes them; empty means all. */
  status: string;
  type: string;
  line: string;
  page: number;
  pageSize: number;
}

export const recommendationKeys = {
  all: ['recommendations'] as const,
  lists: () => [...recommendationKeys.all, 'list'] as const,
  list: (filters: RecommendationListFilters) => [...recommendationKeys.lists(), filters] as const,
  details: () => [...recommendationKeys.all, 'detail'] as const,
  detail: (id: string) => [...recommendationKeys.details(), id] as const,
};

// Lines, policies and audit have no query-key file of their own yet; they sit
// here so the console still has exactly one place that names cache entries.
export const lineKeys = {
  all: ['lines'] as const,
};

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: { page: number; pageSize: number; entityId: string }) => [...auditKeys.all, 'list', filters] as const,
  verify: () => [...auditKeys.all, 'verify'] as const,
};
