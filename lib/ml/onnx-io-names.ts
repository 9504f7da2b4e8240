// Tensor names shared by the exporter and the runtime, kept apart so that
// loading a model does not pull in the protobuf writer.
export const ONNX_INPUT_NAME = 'features';
export const ONNX_LOGIT_OUTPUT = 'logit';
export const ONNX_PROBABILITY_OUTPUT = 'probability';
