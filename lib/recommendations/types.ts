// Client-safe shapes of recommendations as the console API returns them.
// Dates travel as ISO strings.
export type RecommendationStatus =
  | 'PENDING'
  | 'APPROVED'
  | 'AUTO_APPROVED'
  | 'POSTED'
  | 'POST_FAILED'
  | 'REJECTED'
  | 'HELD'
  | 'EXPIRED'
  | 'WITHDRAWN'
  | 'SHADOW';

export type FeasibilityVerdict = 'FEASIBLE' | 'FEASIBLE_WITH_NOTES' | 'AT_RISK' | 'BLOCKED';
export type RecommendedAction = 'RELEASE_ORDER' | 'DELAY_RELEASE' | 'HOLD_ORDER';
export type DecisionOutcome = 'APPROVE' | 'REJECT' | 'HOLD';

export interface Finding {
  code: string;
  severity: 'blocking' | 'warning' | 'info';
  subject: string;
  message: string;
}

/** One row of the side-by-side evidence: what the order needs next to what the floor has. */
export interface EvidenceRow {
  label: string;
  required: string;
  floor: string;
  ok: boolean;
}

export interface Evidence {
  rows: EvidenceRow[];
  /** Raw feature values the model saw, by feature name. */
  features: Record<string, number>;
  capturedAt: string;
}

/** The exact ERP call approval makes. */
export interface ProposedErpAction {
  system: 'SAP' | 'ORACLE';
  operation: 'RELEASE_ORDER' | 'HOLD_ORDER' | 'DELAY_RELEASE' | 'GOODS_MOVEMENT' | 'CANCEL_DOCUMENT';
  method: string;
  path: string;
  description: string;
}

export interface RecommendationListItem {
  id: string;
  type: string;
  status: RecommendationStatus;
  verdict: FeasibilityVerdict;
  recommendedAction: RecommendedAction;
  score: number;
  confidence: number;
  summary: string;
  siteId: string;
  lineCode: string | null;
  workCenterCode: string | null;
  order: { erpOrderId: string; material: string; quantity: number; uom: string; dueDate: string } | null;
  impactAt: string;
  expiresAt: string;
  createdAt: string;
  version: number;
}

export interface DecisionView {
  id: string;
  outcome: DecisionOutcome;
  actorName: string;
  isAutomatic: boolean;
  comment: string | null;
  /** A code of the type's reason list (lib/recommendations/reason-codes.ts). */
  reasonCode: string | null;
  /** The person's correction of the AI's assessment (ORDER_RELEASE: verdict, hold-until time). */
  edit: { verdict?: FeasibilityVerdict; earliestStart?: string } | null;
  signatureMeaning: string;
  createdAt: string;
}

export interface PostingView {
  id: string;
  state: 'QUEUED' | 'POSTING' | 'POSTED' | 'RETRYING' | 'FAILED' | 'IN_DOUBT' | 'ABANDONED';
  operation: string;
  attempts: number;
  erpDocument: string | null;
  messages: { severity: string; code: string; text: string }[];
  lastError: string | null;
  updatedAt: string;
  postedAt: string | null;
}

export interface HistoryEntry {
  at: string;
  actorName: string;
  action: string;
  detail: string;
}

export interface RecommendationDetail extends RecommendationListItem {
  findings: Finding[];
  evidence: Evidence;
  proposedAction: ProposedErpAction;
  modelVersion: string;
  earliestStart: string | null;
  decisions: DecisionView[];
  postings: PostingView[];
  history: HistoryEntry[];
  /** What the current user may do with it now. */
  can: { decide: boolean; resolvePosting: boolean; reverse: boolean };
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export const DECIDABLE_STATUSES: readonly RecommendationStatus[] = ['PENDING', 'HELD'];
