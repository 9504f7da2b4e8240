// React Query keys for the scorecard and the model comparison, from one factory. Client-safe.
export interface ScorecardFilters {
  type: string;
  siteId: string;
  days: number;
}

export const scorecardKeys = {
  all: ['scorecard'] as const,
  view: (filters: ScorecardFilters) => [...scorecardKeys.all, 'view', filters] as const,
  comparison: (engine: string, days: number) => [...scorecardKeys.all, 'comparison', engine, days] as const,
};
