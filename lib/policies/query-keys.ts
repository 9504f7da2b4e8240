// React Query keys for policies and their change requests. Client-safe. The
// requests sit under the policies prefix, so invalidating the policies
// refreshes the requests with them.
export const policyKeys = {
  all: ['policies'] as const,
};

export const policyChangeKeys = {
  all: [...policyKeys.all, 'changes'] as const,
};
