// The engines that have models, and which recommendations their models score.
// Client-safe: the console lists engines from it.
import { FEASIBILITY_DECISION_TYPE, FEASIBILITY_ENGINE } from '@/lib/decisions/feasibility/engine';

export interface ModelEngineInfo {
  engine: string;
  title: string;
  /** What the model predicts, in a sentence. */
  predicts: string;
  /** Recommendation type whose score, confidence and evidence.features come from this model. */
  decisionType: string;
}

export const MODEL_ENGINES: readonly ModelEngineInfo[] = [
  {
    engine: FEASIBILITY_ENGINE,
    title: 'Order release feasibility',
    predicts: 'Probability that a production order finishes by its due date.',
    decisionType: FEASIBILITY_DECISION_TYPE,
  },
];

export function getModelEngineInfo(engine: string): ModelEngineInfo | null {
  return MODEL_ENGINES.find((e) => e.engine === engine) ?? null;
}
