// React Query keys for the model pages, from one factory. Client-safe.
export const modelKeys = {
  all: ['models'] as const,
  list: () => [...modelKeys.all, 'list'] as const,
  engine: (engine: string) => [...modelKeys.all, 'engine', engine] as const,
  monitoring: (engine: string, days: number) => [...modelKeys.all, 'monitoring', engine, days] as const,
  promotions: (engine: string) => [...modelKeys.all, 'promotions', engine] as const,
};
