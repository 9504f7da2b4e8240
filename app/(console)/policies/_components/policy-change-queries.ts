'use client';

// The policies page's change requests as React Query hooks. Every write
// refreshes the policies and the requests together (one key prefix): an
// approval moves both at once, and a CONFLICT means the page is behind.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/http/api-client';
import type { PolicyChangeDecisionBody, PolicyChangeRequestBody } from '@/lib/policies/policy-change.schema';
import type { PolicyChangeView } from '@/lib/policies/types';
import { policyChangeKeys, policyKeys } from '@/lib/policies/query-keys';
import { scorecardKeys } from '@/lib/scorecard/query-keys';

/** Another admin may ask or approve from another screen: look again now and then. */
const CHANGES_REFRESH_MS = 15_000;

export function usePolicyChanges() {
  return useQuery({
    queryKey: policyChangeKeys.all,
    queryFn: () => apiGet<{ items: PolicyChangeView[] }>('/api/policies/changes'),
    refetchInterval: CHANGES_REFRESH_MS,
  });
}

function usePolicyChangeMutation<TInput>(send: (input: TInput) => Promise<{ change: PolicyChangeView }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: async (result) => {
      // An approval changes the mode in force, which the gates name.
      if (result?.change.status === 'APPROVED') void qc.invalidateQueries({ queryKey: scorecardKeys.all });
      await qc.invalidateQueries({ queryKey: policyKeys.all });
    },
  });
}

export function useRequestPolicyChange() {
  return usePolicyChangeMutation((body: PolicyChangeRequestBody) => apiSend<{ change: PolicyChangeView }>('POST', '/api/policies/changes', body));
}

export function useDecidePolicyChange() {
  return usePolicyChangeMutation(({ id, ...body }: PolicyChangeDecisionBody & { id: string }) =>
    apiSend<{ change: PolicyChangeView }>('POST', `/api/policies/changes/${encodeURIComponent(id)}`, body),
  );
}
