// Writes the project's models as ONNX graphs that onnxruntime-web and
// onnxruntime-node can run:
//   binary trees     features → TreeEnsembleRegressor → logit → 1/(1+exp(-z)) → probability
//   multi-class      features → TreeEnsembleRegressor (one target per class) → logits → Softmax → probabilities
//   regression       features → TreeEnsembleRegressor → prediction
//   logistic         features → Imputer → Scaler → MatMul → Add → logit → 1/(1+exp(-z)) → probability
// With an input spec, raw categories come in as a string tensor and the graph
// encodes them first (Gather a column → LabelEncoder or OneHotEncoder →
// Concat with the numeric features), so callers feed raw values.
// Graphs end in plain tensors (no ZipMap) because neither JS runtime API can
// read a ZipMap output.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import protobuf from 'protobufjs';
import type { AnyGbtModel, GbtModel } from '@/lib/ml/gbt';
import { checkInputSpec, type InputSpec } from '@/lib/ml/input-spec';
import type { LogisticRegressionModel } from '@/lib/ml/logistic-regression';
import { sha256Hex } from '@/lib/ml/sha256';
import {
  ONNX_CATEGORIES_INPUT,
  ONNX_INPUT_NAME,
  ONNX_LOGIT_OUTPUT,
  ONNX_LOGITS_OUTPUT,
  ONNX_PREDICTION_OUTPUT,
  ONNX_PROBABILITIES_OUTPUT,
  ONNX_PROBABILITY_OUTPUT,
} from '@/lib/ml/onnx-io-names';

// The subset of onnx.proto this exporter writes, with the field numbers of the
// official schema so that any ONNX reader decodes it. Repeated scalars are
// packed to keep files small; protobuf readers accept packed and unpacked alike.
const ONNX_SUBSET_PROTO = `
syntax = "proto2";
package onnx;

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}

message TensorProto {
  repeated int64 dims = 1 [packed = true];
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0;
    FLOAT = 1;
    INT = 2;
    STRING = 3;
    TENSOR = 4;
    FLOATS = 6;
    INTS = 7;
    STRINGS = 8;
  }
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  repeated float floats = 7 [packed = true];
  repeated int64 ints = 8 [packed = true];
  repeated bytes strings = 9;
  optional AttributeType type = 20;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
  optional string domain = 7;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}

message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
}
`;

const IR_VERSION = 8;
const DEFAULT_OPSET = 17;
const ML_OPSET = 3;
const ELEM_TYPE_FLOAT = 1;
const ELEM_TYPE_STRING = 8;
const ELEM_TYPE_INT64 = 7;

/** The operator sets every graph imports, recorded in model cards. */
export const ONNX_OPSETS = { '': DEFAULT_OPSET, 'ai.onnx.ml': ML_OPSET } as const;
export const ONNX_IR_VERSION = IR_VERSION;

let modelProtoType: protobuf.Type | undefined;

function getModelProtoType(): protobuf.Type {
  modelProtoType ??= protobuf.parse(ONNX_SUBSET_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelProtoType;
}

interface Attribute {
  name: string;
  type: 'FLOAT' | 'INT' | 'STRING' | 'FLOATS' | 'INTS' | 'STRINGS';
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

interface GraphNode {
  name: string;
  op_type: string;
  domain: string;
  input: string[];
  output: string[];
  attribute: Attribute[];
}

interface Initializer {
  name: string;
  dims: number[];
  data_type: number;
  float_data?: number[];
  int64_data?: number[];
}

const text = (value: string) => new TextEncoder().encode(value);
const ints = (name: string, values: number[]): Attribute => ({ name, type: 'INTS', ints: values });
const floats = (name: string, values: number[]): Attribute => ({ name, type: 'FLOATS', floats: values });
const int = (name: string, value: number): Attribute => ({ name, type: 'INT', i: value });
const strings = (name: string, values: string[]): Attribute => ({ name, type: 'STRINGS', strings: values.map(text) });

function node(name: string, opType: string, inputs: string[], attribute: Attribute[] = [], output = name, domain = ''): GraphNode {
  return { name, op_type: opType, domain, input: inputs, output: [output], attribute };
}

function isFloat32(value: number): boolean {
  return Number.isFinite(value) && Math.fround(value) === value;
}

function requireFloat32(values: readonly number[], what: string): void {
  values.forEach((v, i) => {
    // A double would be rounded by the writer, and the TypeScript twin would compute with another number.
    if (!isFloat32(v)) throw new Error(`${what}[${i}] = ${v} is not a float32`);
  });
}

/** The TreeEnsembleRegressor attributes: one entry per node, one target entry per leaf. */
function treeEnsembleAttributes(model: AnyGbtModel, nTargets: number, baseValues: number[]): Attribute[] {
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const modes: Uint8Array[] = [];
  const values: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTracksTrue: number[] = [];
  const targetTreeIds: number[] = [];
  const targetNodeIds: number[] = [];
  const targetIds: number[] = [];
  const targetWeights: number[] = [];
  const leafMode = text('LEAF');
  const branchMode = text('BRANCH_LT');

  model.trees.forEach((tree, treeId) => {
    tree.nodes.forEach((treeNode, nodeId) => {
      treeIds.push(treeId);
      nodeIds.push(nodeId);
      if (treeNode.type === 'split') {
        // A double threshold would be rounded by the writer and could flip `x < t` for values next to it.
        if (!isFloat32(treeNode.threshold)) {
          throw new Error(`Tree ${treeId} node ${nodeId}: threshold ${treeNode.threshold} is not a float32`);
        }
        featureIds.push(treeNode.feature);
        modes.push(branchMode);
        values.push(treeNode.threshold);
        trueIds.push(treeNode.left);
        falseIds.push(treeNode.right);
        missingTracksTrue.push(treeNode.missingLeft ? 1 : 0);
      } else {
        if (!isFloat32(treeNode.value)) throw new Error(`Tree ${treeId} node ${nodeId}: leaf value is not a float32`);
        featureIds.push(0);
        modes.push(leafMode);
        values.push(0);
        trueIds.push(0);
        falseIds.push(0);
        missingTracksTrue.push(0);
        targetTreeIds.push(treeId);
        targetNodeIds.push(nodeId);
        // Round-major order: tree t adds to output t % nTargets (the class of a multi-class model).
        targetIds.push(treeId % nTargets);
        targetWeights.push(treeNode.value);
      }
    });
  });

  return [
    { name: 'aggregate_function', type: 'STRING', s: text('SUM') },
    floats('base_values', baseValues),
    { name: 'n_targets', type: 'INT', i: nTargets },
    ints('nodes_falsenodeids', falseIds),
    ints('nodes_featureids', featureIds),
    ints('nodes_missing_value_tracks_true', missingTracksTrue),
    { name: 'nodes_modes', type: 'STRINGS', strings: modes },
    ints('nodes_nodeids', nodeIds),
    ints('nodes_treeids', treeIds),
    ints('nodes_truenodeids', trueIds),
    floats('nodes_values', values),
    { name: 'post_transform', type: 'STRING', s: text('NONE') },
    ints('target_ids', targetIds),
    ints('target_nodeids', targetNodeIds),
    ints('target_treeids', targetTreeIds),
    floats('target_weights', targetWeights),
  ];
}

/**
 * probability = 1 / (1 + exp(-logit)), spelt out instead of the Sigmoid
 * operator: ONNX Runtime's Sigmoid kernel is a rational approximation with an
 * absolute error near 3e-8, which is a large relative error for the small
 * probabilities of hopeless orders; Exp and Reciprocal are accurate to a few
 * float32 ulps, so the TypeScript and ONNX probabilities agree relatively.
 */
function sigmoidNodes(input: string, output: string): GraphNode[] {
  return [
    node('sigmoid_one', 'Constant', [], [{ name: 'value_float', type: 'FLOAT', f: 1 }]),
    node('sigmoid_neg', 'Neg', [input]),
    node('sigmoid_exp', 'Exp', ['sigmoid_neg']),
    node('sigmoid_denominator', 'Add', ['sigmoid_one', 'sigmoid_exp']),
    node('sigmoid', 'Reciprocal', ['sigmoid_denominator'], [], output),
  ];
}

function tensorInfo(name: string, dims: (number | string)[], docString: string, elemType = ELEM_TYPE_FLOAT) {
  return {
    name,
    doc_string: docString,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

export type ExportableModel = AnyGbtModel | LogisticRegressionModel;

export interface OnnxExportOptions {
  graphName?: string;
  modelVersion?: number;
  docString?: string;
  /** Written as metadata_props; the feature order (and the input spec, when given) is always added. */
  metadata?: Record<string, string>;
  /**
   * Raw inputs and their encoding. Without it the graph takes the model's
   * features as one float tensor, in the model's order.
   */
  input?: InputSpec;
}

export interface OnnxSignature {
  inputs: { name: string; type: 'float32' | 'string'; shape: (string | number)[] }[];
  outputs: { name: string; shape: (string | number)[]; description: string }[];
}

interface GraphParts {
  nodes: GraphNode[];
  initializers: Initializer[];
  inputs: OnnxSignature['inputs'];
  /** The float [N, model features] tensor the model reads. */
  features: string;
}

const inputDoc = (spec: InputSpec | undefined, featureNames: string[], name: string) =>
  name === ONNX_CATEGORIES_INPUT
    ? `Categories in this order: ${spec?.categorical.map((c) => c.name).join(', ')}; '' when missing`
    : `Features in this order: ${(spec?.numeric ?? featureNames).join(', ')}`;

/** Graph inputs and the encoding of raw categories into the model's feature tensor. */
function inputNodes(spec: InputSpec | undefined, featureNames: string[]): GraphParts {
  if (!spec || spec.categorical.length === 0) {
    const names = spec?.numeric ?? featureNames;
    return { nodes: [], initializers: [], inputs: [{ name: ONNX_INPUT_NAME, type: 'float32', shape: ['N', names.length] }], features: ONNX_INPUT_NAME };
  }
  const nodes: GraphNode[] = [];
  const initializers: Initializer[] = [{ name: 'unsqueeze_axes', dims: [1], data_type: ELEM_TYPE_INT64, int64_data: [1] }];
  const inputs: OnnxSignature['inputs'] = [];
  const parts: string[] = [];
  if (spec.numeric.length > 0) {
    inputs.push({ name: ONNX_INPUT_NAME, type: 'float32', shape: ['N', spec.numeric.length] });
    parts.push(ONNX_INPUT_NAME);
  }
  inputs.push({ name: ONNX_CATEGORIES_INPUT, type: 'string', shape: ['N', spec.categorical.length] });
  spec.categorical.forEach((c, j) => {
    const column = `category_${j}`;
    initializers.push({ name: `${column}_index`, dims: [], data_type: ELEM_TYPE_INT64, int64_data: [j] });
    nodes.push(node(column, 'Gather', [ONNX_CATEGORIES_INPUT, `${column}_index`], [int('axis', 1)]));
    if (c.encoding === 'ordinal') {
      const attributes = [
        strings('keys_strings', c.categories),
        floats(
          'values_floats',
          c.categories.map((_, k) => k),
        ),
        // Unknown or missing: NaN, which the trees route along their learned missing direction.
        { name: 'default_float', type: 'FLOAT' as const, f: Number.NaN },
      ];
      nodes.push(node(`${column}_code`, 'LabelEncoder', [column], attributes, `${column}_code`, 'ai.onnx.ml'));
      nodes.push(node(`${column}_encoded`, 'Unsqueeze', [`${column}_code`, 'unsqueeze_axes']));
    } else {
      // zeros=1: an unknown category becomes all zeros instead of an error.
      const attributes = [strings('cats_strings', c.categories), int('zeros', 1)];
      nodes.push(node(`${column}_encoded`, 'OneHotEncoder', [column], attributes, `${column}_encoded`, 'ai.onnx.ml'));
    }
    parts.push(`${column}_encoded`);
  });
  nodes.push(node('encoded_features', 'Concat', parts, [int('axis', 1)]));
  return { nodes, initializers, inputs, features: 'encoded_features' };
}

function modelNodes(model: ExportableModel, features: string): { nodes: GraphNode[]; initializers: Initializer[]; signature: OnnxSignature['outputs'] } {
  if (model.format === 'interlock-logreg@1') {
    requireFloat32(model.means, 'means');
    requireFloat32(model.scales, 'scales');
    requireFloat32(model.coefficients, 'coefficients');
    requireFloat32([model.intercept], 'intercept');
    const nFeatures = model.coefficients.length;
    return {
      nodes: [
        // Missing values take the training mean, then every feature is standardised as in training.
        node(
          'impute',
          'Imputer',
          [features],
          [floats('imputed_value_floats', model.means), { name: 'replaced_value_float', type: 'FLOAT', f: Number.NaN }],
          'impute',
          'ai.onnx.ml',
        ),
        node('standardize', 'Scaler', ['impute'], [floats('offset', model.means), floats('scale', model.scales)], 'standardize', 'ai.onnx.ml'),
        node('linear', 'MatMul', ['standardize', 'coefficients']),
        node('linear_bias', 'Add', ['linear', 'intercept'], [], ONNX_LOGIT_OUTPUT),
        ...sigmoidNodes(ONNX_LOGIT_OUTPUT, ONNX_PROBABILITY_OUTPUT),
      ],
      initializers: [
        { name: 'coefficients', dims: [nFeatures, 1], data_type: ELEM_TYPE_FLOAT, float_data: model.coefficients },
        { name: 'intercept', dims: [1], data_type: ELEM_TYPE_FLOAT, float_data: [model.intercept] },
      ],
      signature: [
        { name: ONNX_LOGIT_OUTPUT, shape: ['N', 1], description: 'Log-odds of the positive class.' },
        { name: ONNX_PROBABILITY_OUTPUT, shape: ['N', 1], description: 'Probability of the positive class.' },
      ],
    };
  }

  if (model.format === 'interlock-gbt-multiclass@1') {
    requireFloat32(model.baseScores, 'baseScores');
    const k = model.classes.length;
    return {
      nodes: [
        node('trees', 'TreeEnsembleRegressor', [features], treeEnsembleAttributes(model, k, model.baseScores), ONNX_LOGITS_OUTPUT, 'ai.onnx.ml'),
        node('softmax', 'Softmax', [ONNX_LOGITS_OUTPUT], [int('axis', -1)], ONNX_PROBABILITIES_OUTPUT),
      ],
      initializers: [],
      signature: [
        { name: ONNX_LOGITS_OUTPUT, shape: ['N', k], description: `Raw class scores, classes in this order: ${model.classes.join(', ')}.` },
        { name: ONNX_PROBABILITIES_OUTPUT, shape: ['N', k], description: `Class probabilities, classes in this order: ${model.classes.join(', ')}.` },
      ],
    };
  }

  if (!isFloat32(model.baseScore)) throw new Error('baseScore is not a float32');
  if (model.format === 'interlock-gbt-regression@1') {
    return {
      nodes: [node('trees', 'TreeEnsembleRegressor', [features], treeEnsembleAttributes(model, 1, [model.baseScore]), ONNX_PREDICTION_OUTPUT, 'ai.onnx.ml')],
      initializers: [],
      signature: [{ name: ONNX_PREDICTION_OUTPUT, shape: ['N', 1], description: 'Predicted value.' }],
    };
  }
  return {
    nodes: [
      node('trees', 'TreeEnsembleRegressor', [features], treeEnsembleAttributes(model, 1, [model.baseScore]), ONNX_LOGIT_OUTPUT, 'ai.onnx.ml'),
      ...sigmoidNodes(ONNX_LOGIT_OUTPUT, ONNX_PROBABILITY_OUTPUT),
    ],
    initializers: [],
    signature: [
      { name: ONNX_LOGIT_OUTPUT, shape: ['N', 1], description: 'Log-odds of the positive class.' },
      { name: ONNX_PROBABILITY_OUTPUT, shape: ['N', 1], description: 'Probability of the positive class.' },
    ],
  };
}

const DEFAULT_DOC: Record<ExportableModel['format'], string> = {
  'interlock-gbt@1': 'Gradient-boosted trees for a binary outcome.',
  'interlock-gbt-multiclass@1': 'Gradient-boosted trees for a multi-class outcome.',
  'interlock-gbt-regression@1': 'Gradient-boosted trees for a numeric target.',
  'interlock-logreg@1': 'Logistic regression for a binary outcome.',
};

/** The graph's inputs and outputs, as a model card records them. */
export function onnxSignature(model: ExportableModel, spec?: InputSpec): OnnxSignature {
  const parts = inputNodes(spec, model.featureNames);
  return { inputs: parts.inputs, outputs: modelNodes(model, parts.features).signature };
}

export function modelToOnnx(model: ExportableModel, options: OnnxExportOptions = {}): Uint8Array {
  if (options.input) checkInputSpec(options.input, model.featureNames);
  const metadata: Record<string, string> = { ...options.metadata, feature_names: JSON.stringify(model.featureNames) };
  if (options.input) metadata.input_spec = JSON.stringify(options.input);
  const input = inputNodes(options.input, model.featureNames);
  const body = modelNodes(model, input.features);

  const message = {
    ir_version: IR_VERSION,
    producer_name: 'interlock',
    producer_version: '1',
    domain: 'interlock',
    model_version: options.modelVersion ?? 1,
    doc_string: options.docString ?? DEFAULT_DOC[model.format],
    opset_import: [
      { domain: '', version: DEFAULT_OPSET },
      { domain: 'ai.onnx.ml', version: ML_OPSET },
    ],
    metadata_props: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: options.graphName ?? (model.format === 'interlock-logreg@1' ? 'logreg' : 'gbt'),
      node: [...input.nodes, ...body.nodes],
      initializer: [...input.initializers, ...body.initializers],
      input: input.inputs.map((i) =>
        tensorInfo(i.name, i.shape, inputDoc(options.input, model.featureNames, i.name), i.type === 'string' ? ELEM_TYPE_STRING : ELEM_TYPE_FLOAT),
      ),
      output: body.signature.map((o) => tensorInfo(o.name, o.shape, o.description)),
    },
  };

  const type = getModelProtoType();
  // fromObject maps enum names to numbers; verify then catches a misspelt field or a wrong type.
  const encoded = type.fromObject(message);
  const problem = type.verify(encoded);
  if (problem) throw new Error(`Invalid ONNX message: ${problem}`);
  return type.encode(encoded).finish();
}

/** The binary tree model as ONNX (kept for the callers that predate the other model kinds). */
export function gbtToOnnx(model: GbtModel, options: OnnxExportOptions = {}): Uint8Array {
  return modelToOnnx(model, options);
}

/** Writes the .onnx file (creating its folder) and returns what a model card needs about it. */
export async function writeOnnx(
  model: ExportableModel,
  filePath: string,
  options: OnnxExportOptions = {},
): Promise<{ bytes: number; sha256: string }> {
  const encoded = modelToOnnx(model, options);
  await mkdir(path.dirname(filePath), { recursive: true });
  await writeFile(filePath, encoded);
  return { bytes: encoded.byteLength, sha256: sha256Hex(encoded) };
}

export const writeGbtOnnx = writeOnnx;
