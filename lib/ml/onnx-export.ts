// Writes a GbtModel as an ONNX graph that onnxruntime-web can run:
//   features float[N, F] → ai.onnx.ml.TreeEnsembleRegressor → logit float[N, 1]
//                        → Sigmoid → probability float[N, 1]
// The graph ends in plain tensors (no ZipMap) because neither JS runtime API
// can read a ZipMap output.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import protobuf from 'protobufjs';
import type { GbtModel } from '@/lib/ml/gbt';
import { sha256Hex } from '@/lib/ml/sha256';
import { ONNX_INPUT_NAME, ONNX_LOGIT_OUTPUT, ONNX_PROBABILITY_OUTPUT } from '@/lib/ml/onnx-io-names';

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

const text = (value: string) => new TextEncoder().encode(value);
const ints = (name: string, values: number[]): Attribute => ({ name, type: 'INTS', ints: values });
const floats = (name: string, values: number[]): Attribute => ({ name, type: 'FLOATS', floats: values });

function isFloat32(value: number): boolean {
  return Number.isFinite(value) && Math.fround(value) === value;
}

/** The TreeEnsembleRegressor attributes: one entry per node, one target entry per leaf. */
function treeEnsembleAttributes(model: GbtModel): Attribute[] {
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
    tree.nodes.forEach((node, nodeId) => {
      treeIds.push(treeId);
      nodeIds.push(nodeId);
      if (node.type === 'split') {
        // A double threshold would be rounded by the writer and could flip `x < t` for values next to it.
        if (!isFloat32(node.threshold)) {
          throw new Error(`Tree ${treeId} node ${nodeId}: threshold ${node.threshold} is not a float32`);
        }
        featureIds.push(node.feature);
        modes.push(branchMode);
        values.push(node.threshold);
        trueIds.push(node.left);
        falseIds.push(node.right);
        missingTracksTrue.push(node.missingLeft ? 1 : 0);
      } else {
        if (!isFloat32(node.value)) throw new Error(`Tree ${treeId} node ${nodeId}: leaf value is not a float32`);
        featureIds.push(0);
        modes.push(leafMode);
        values.push(0);
        trueIds.push(0);
        falseIds.push(0);
        missingTracksTrue.push(0);
        targetTreeIds.push(treeId);
        targetNodeIds.push(nodeId);
        targetIds.push(0);
        targetWeights.push(node.value);
      }
    });
  });

  return [
    { name: 'aggregate_function', type: 'STRING', s: text('SUM') },
    floats('base_values', [model.baseScore]),
    { name: 'n_targets', type: 'INT', i: 1 },
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
function sigmoidNodes(input: string, output: string) {
  const node = (name: string, opType: string, inputs: string[], attribute: Attribute[] = []) => ({
    name,
    op_type: opType,
    domain: '',
    input: inputs,
    output: [name],
    attribute,
  });
  return [
    node('sigmoid_one', 'Constant', [], [{ name: 'value_float', type: 'FLOAT', f: 1 }]),
    node('sigmoid_neg', 'Neg', [input]),
    node('sigmoid_exp', 'Exp', ['sigmoid_neg']),
    node('sigmoid_denominator', 'Add', ['sigmoid_one', 'sigmoid_exp']),
    { ...node('sigmoid', 'Reciprocal', ['sigmoid_denominator']), output: [output] },
  ];
}

function tensorInfo(name: string, dims: (number | string)[], docString: string) {
  return {
    name,
    doc_string: docString,
    type: {
      tensor_type: {
        elem_type: ELEM_TYPE_FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

export interface OnnxExportOptions {
  graphName?: string;
  modelVersion?: number;
  docString?: string;
  /** Written as metadata_props; the feature order is always added. */
  metadata?: Record<string, string>;
}

export function gbtToOnnx(model: GbtModel, options: OnnxExportOptions = {}): Uint8Array {
  if (!isFloat32(model.baseScore)) throw new Error('baseScore is not a float32');
  const nFeatures = model.featureNames.length;
  const metadata = { ...options.metadata, feature_names: JSON.stringify(model.featureNames) };

  const message = {
    ir_version: IR_VERSION,
    producer_name: 'interlock',
    producer_version: '1',
    domain: 'interlock',
    model_version: options.modelVersion ?? 1,
    doc_string: options.docString ?? 'Gradient-boosted trees for a binary outcome.',
    opset_import: [
      { domain: '', version: DEFAULT_OPSET },
      { domain: 'ai.onnx.ml', version: ML_OPSET },
    ],
    metadata_props: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: options.graphName ?? 'gbt',
      node: [
        {
          name: 'trees',
          op_type: 'TreeEnsembleRegressor',
          domain: 'ai.onnx.ml',
          input: [ONNX_INPUT_NAME],
          output: [ONNX_LOGIT_OUTPUT],
          attribute: treeEnsembleAttributes(model),
        },
        ...sigmoidNodes(ONNX_LOGIT_OUTPUT, ONNX_PROBABILITY_OUTPUT),
      ],
      input: [tensorInfo(ONNX_INPUT_NAME, ['N', nFeatures], `Features in this order: ${model.featureNames.join(', ')}`)],
      output: [
        tensorInfo(ONNX_LOGIT_OUTPUT, ['N', 1], 'Log-odds of the positive class.'),
        tensorInfo(ONNX_PROBABILITY_OUTPUT, ['N', 1], 'Probability of the positive class.'),
      ],
    },
  };

  const type = getModelProtoType();
  // fromObject maps enum names to numbers; verify then catches a misspelt field or a wrong type.
  const encoded = type.fromObject(message);
  const problem = type.verify(encoded);
  if (problem) throw new Error(`Invalid ONNX message: ${problem}`);
  return type.encode(encoded).finish();
}

/** Writes the .onnx file (creating its folder) and returns what a model card needs about it. */
export async function writeGbtOnnx(
  model: GbtModel,
  filePath: string,
  options: OnnxExportOptions = {},
): Promise<{ bytes: number; sha256: string }> {
  const encoded = gbtToOnnx(model, options);
  await mkdir(path.dirname(filePath), { recursive: true });
  await writeFile(filePath, encoded);
  return { bytes: encoded.byteLength, sha256: sha256Hex(encoded) };
}
