'use client';

// The console's reads and writes for recommendations, as React Query hooks, so
// polling rules and cache updates live beside the keys they touch.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend, withQuery } from '@/lib/http/api-client';
import { lineKeys, recommendationKeys, type RecommendationListFilters } from '@/lib/recommendations/query-keys';
import type { DecisionOutcome, Page, PostingView, RecommendationDetail, RecommendationListItem } from '@/lib/recommendations/types';

export interface LineOption {
  siteId: string;
  code: string;
  name: string;
}

/** The inbox refreshes itself: new recommendations arrive as the ERP releases orders. */
const INBOX_REFRESH_MS = 10_000;
/** While the ERP call is in flight, the result is usually a second or two away. */
const POSTING_POLL_MS = 1_500;
/** A retrying posting waits for its back-off; polling faster would only add load. */
const RETRY_POLL_MS = 5_000;

export function useRecommendationList(filters: RecommendationListFilters) {
  return useQuery({
    queryKey: recommendationKeys.list(filters),
    queryFn: () =>
      apiGet<Page<RecommendationListItem>>(
        withQuery('/api/recommendations', {
          status: filters.status,
          type: filters.type,
          line: filters.line,
          page: filters.page,
          pageSize: filters.pageSize,
        }),
      ),
    refetchInterval: INBOX_REFRESH_MS,
    // Keep the old page on screen while the next one loads, so rows do not flash to a skeleton.
    placeholderData: keepPreviousData,
  });
}

export function useLines() {
  return useQuery({
    queryKey: lineKeys.all,
    queryFn: () => apiGet<{ items: LineOption[] }>('/api/lines'),
    staleTime: 5 * 60_000,
  });
}

const IN_FLIGHT: readonly PostingView['state'][] = ['QUEUED', 'POSTING'];

/** The posting that tells the current ERP outcome: the most recently updated one. */
export function currentPosting(rec: Pick<RecommendationDetail, 'postings'>): PostingView | null {
  if (!rec.postings.length) return null;
  return [...rec.postings].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
}

export function detailPollInterval(rec: RecommendationDetail | undefined): number | false {
  if (!rec) return false;
  const posting = currentPosting(rec);
  if (posting && IN_FLIGHT.includes(posting.state)) return POSTING_POLL_MS;
  if (posting?.state === 'RETRYING') return RETRY_POLL_MS;
  // Approved but the outbox has not created the posting row yet.
  if (!posting && (rec.status === 'APPROVED' || rec.status === 'AUTO_APPROVED')) return POSTING_POLL_MS;
  return false;
}

export function useRecommendation(id: string) {
  return useQuery({
    queryKey: recommendationKeys.detail(id),
    queryFn: () => apiGet<RecommendationDetail>(`/api/recommendations/${encodeURIComponent(id)}`),
    refetchInterval: (query) => detailPollInterval(query.state.data),
  });
}

export interface DecisionInput {
  outcome: DecisionOutcome;
  version: number;
  comment?: string;
  reasonCode?: string;
  edit?: { verdict?: string; earliestStart?: string };
  password: string;
}

export function useDecide(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DecisionInput) =>
      apiSend<{ recommendation: RecommendationDetail }>('POST', `/api/recommendations/${encodeURIComponent(id)}/decision`, input),
    onSuccess: ({ recommendation }) => {
      // Show the state the server returned at once, then let polling follow the posting.
      qc.setQueryData(recommendationKeys.detail(id), recommendation);
      void qc.invalidateQueries({ queryKey: recommendationKeys.lists() });
    },
  });
}

export function useRecheck(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend<{ id: string }>('POST', `/api/recommendations/${encodeURIComponent(id)}/recheck`, {}),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: recommendationKeys.all });
    },
  });
}

export function useRequestCheck() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { siteId: string; erpOrderId: string }) => apiSend<{ id: string }>('POST', '/api/recommendations/request', input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: recommendationKeys.lists() });
    },
  });
}

export function useResolvePosting(recommendationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { postingId: string; action: 'retry' | 'abandon'; reason?: string }) =>
      apiSend<{ ok: true }>('POST', `/api/postings/${encodeURIComponent(input.postingId)}/${input.action}`, { reason: input.reason ?? null }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: recommendationKeys.detail(recommendationId) });
      void qc.invalidateQueries({ queryKey: recommendationKeys.lists() });
    },
  });
}

export function useReversePosting(recommendationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { postingId: string; reason: string; password: string }) =>
      apiSend<{ postingId: string }>('POST', `/api/postings/${encodeURIComponent(input.postingId)}/reverse`, { reason: input.reason, password: input.password }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: recommendationKeys.detail(recommendationId) });
    },
  });
}
