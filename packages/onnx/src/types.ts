/** Plain-object forms of the ONNX messages lab uses (field names as in onnx.proto; int64 as number). */

/** `TensorProto.DataType` values lab reads or writes. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, BOOL: 9, FLOAT16: 10, DOUBLE: 11 } as const;

/** `AttributeProto.AttributeType`. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

/** A tensor: initializers and tensor attributes. */
export interface TensorProto {
  dims?: number[];
  data_type?: number;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: number[];
  double_data?: number[];
  raw_data?: Uint8Array;
  name?: string;
  doc_string?: string;
}

/** A node attribute; `type` says which value field is set. */
export interface AttributeProto {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

/** One operator call. */
export interface NodeProto {
  input?: string[];
  output?: string[];
  name?: string;
  op_type: string;
  domain?: string;
  attribute?: AttributeProto[];
  doc_string?: string;
}

/** One dimension: a size or a symbolic name (the batch). */
export interface DimensionProto {
  dim_value?: number;
  dim_param?: string;
}

/** The type of a graph input or output (tensors only). */
export interface TypeProto {
  tensor_type?: { elem_type: number; shape?: { dim?: DimensionProto[] } };
}

/** A named, typed value: graph inputs and outputs. */
export interface ValueInfoProto {
  name: string;
  type?: TypeProto;
  doc_string?: string;
}

/** A computation graph. */
export interface GraphProto {
  node?: NodeProto[];
  name?: string;
  initializer?: TensorProto[];
  doc_string?: string;
  input?: ValueInfoProto[];
  output?: ValueInfoProto[];
  value_info?: ValueInfoProto[];
}

/** An operator set the model uses. */
export interface OperatorSetIdProto {
  domain?: string;
  version: number;
}

/** A `.onnx` file. */
export interface ModelProto {
  ir_version: number;
  opset_import: OperatorSetIdProto[];
  producer_name?: string;
  producer_version?: string;
  domain?: string;
  model_version?: number;
  doc_string?: string;
  graph: GraphProto;
  metadata_props?: { key: string; value: string }[];
}
