// Tensor names shared by the exporter and the runtime, kept apart so that
// loading a model does not pull in the protobuf writer.

/** float32 [N, numeric features]: raw numeric features, NaN for missing. */
export const ONNX_INPUT_NAME = 'features';
/** string [N, categorical features]: raw categories, '' for missing; only when the model has categorical inputs. */
export const ONNX_CATEGORIES_INPUT = 'categories';

/** Binary classifiers: float32 [N, 1]. */
export const ONNX_LOGIT_OUTPUT = 'logit';
export const ONNX_PROBABILITY_OUTPUT = 'probability';
/** Multi-class classifiers: float32 [N, classes]. */
export const ONNX_LOGITS_OUTPUT = 'logits';
export const ONNX_PROBABILITIES_OUTPUT = 'probabilities';
/** Regressions and forecasts: float32 [N, 1]. */
export const ONNX_PREDICTION_OUTPUT = 'prediction';
