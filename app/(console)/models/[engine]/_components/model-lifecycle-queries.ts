'use client';

// The model page's lifecycle reads and writes (shadow, promotion requests,
// rollback) as React Query hooks. Every write refreshes the whole model cache:
// one change moves statuses, the pending request and the history at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from '@/lib/http/api-client';
import type { PromotionDecisionBody, PromotionRequestBody, RollbackBody, ShadowBody } from '@/lib/models/model-lifecycle.schema';
import { modelKeys } from '@/lib/models/query-keys';
import type { ModelPromotionView } from '@/lib/models/types';

/** Someone else may request or approve from another screen: look again now and then. */
const PROMOTIONS_REFRESH_MS = 15_000;

const base = (engine: string) => `/api/models/${encodeURIComponent(engine)}`;

export function usePromotions(engine: string) {
  return useQuery({
    queryKey: modelKeys.promotions(engine),
    queryFn: () => apiGet<{ items: ModelPromotionView[] }>(`${base(engine)}/promotions`),
    refetchInterval: PROMOTIONS_REFRESH_MS,
  });
}

function useLifecycleMutation<TInput, TResult>(send: (input: TInput) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    // Refresh after a failure too: a CONFLICT means the page is behind.
    onSettled: () => qc.invalidateQueries({ queryKey: modelKeys.all }),
  });
}

export function usePutInShadow(engine: string) {
  return useLifecycleMutation((body: ShadowBody) => apiSend<{ shadow: { modelId: string } }>('POST', `${base(engine)}/shadow`, body));
}

export function useEndShadow(engine: string) {
  return useLifecycleMutation((body: ShadowBody) => apiSend<{ ended: { modelId: string } }>('DELETE', `${base(engine)}/shadow`, body));
}

export function useRequestPromotion(engine: string) {
  return useLifecycleMutation((body: PromotionRequestBody) => apiSend<{ promotion: ModelPromotionView }>('POST', `${base(engine)}/promotions`, body));
}

export function useDecidePromotion(engine: string) {
  return useLifecycleMutation(({ id, ...body }: PromotionDecisionBody & { id: string }) =>
    apiSend<{ promotion: ModelPromotionView }>('POST', `${base(engine)}/promotions/${encodeURIComponent(id)}`, body),
  );
}

export function useRollback(engine: string) {
  return useLifecycleMutation((body: RollbackBody) => apiSend<{ promotion: ModelPromotionView }>('POST', `${base(engine)}/rollback`, body));
}
