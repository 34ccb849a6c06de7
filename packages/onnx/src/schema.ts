/**
 * The part of ONNX's protobuf schema (onnx/onnx.proto, IR version 8) that lab reads and writes, as a protobufjs
 * JSON descriptor: field names and numbers exactly as in onnx.proto, so protobufjs does the wire encoding.
 * Fields lab never uses (sparse tensors, training info, functions, ...) are left out; protobufjs skips unknown
 * fields when decoding, so files that carry them still load.
 */
import protobuf from 'protobufjs/light.js';
import type { ModelProto } from './types.js';

const f = (type: string, id: number, rule?: 'repeated') => (rule ? { type, id, rule } : { type, id });

const DESCRIPTOR = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: f('string', 1),
            ref_attr_name: f('string', 21),
            doc_string: f('string', 13),
            type: f('int32', 20),
            f: f('float', 2),
            i: f('int64', 3),
            s: f('bytes', 4),
            t: f('TensorProto', 5),
            g: f('GraphProto', 6),
            floats: f('float', 7, 'repeated'),
            ints: f('int64', 8, 'repeated'),
            strings: f('bytes', 9, 'repeated'),
            tensors: f('TensorProto', 10, 'repeated'),
            graphs: f('GraphProto', 11, 'repeated'),
          },
        },
        ValueInfoProto: {
          fields: { name: f('string', 1), type: f('TypeProto', 2), doc_string: f('string', 3) },
        },
        NodeProto: {
          fields: {
            input: f('string', 1, 'repeated'),
            output: f('string', 2, 'repeated'),
            name: f('string', 3),
            op_type: f('string', 4),
            domain: f('string', 7),
            attribute: f('AttributeProto', 5, 'repeated'),
            doc_string: f('string', 6),
          },
        },
        ModelProto: {
          fields: {
            ir_version: f('int64', 1),
            opset_import: f('OperatorSetIdProto', 8, 'repeated'),
            producer_name: f('string', 2),
            producer_version: f('string', 3),
            domain: f('string', 4),
            model_version: f('int64', 5),
            doc_string: f('string', 6),
            graph: f('GraphProto', 7),
            metadata_props: f('StringStringEntryProto', 14, 'repeated'),
          },
        },
        StringStringEntryProto: { fields: { key: f('string', 1), value: f('string', 2) } },
        GraphProto: {
          fields: {
            node: f('NodeProto', 1, 'repeated'),
            name: f('string', 2),
            initializer: f('TensorProto', 5, 'repeated'),
            doc_string: f('string', 10),
            input: f('ValueInfoProto', 11, 'repeated'),
            output: f('ValueInfoProto', 12, 'repeated'),
            value_info: f('ValueInfoProto', 13, 'repeated'),
          },
        },
        TensorProto: {
          fields: {
            dims: f('int64', 1, 'repeated'),
            data_type: f('int32', 2),
            float_data: f('float', 4, 'repeated'),
            int32_data: f('int32', 5, 'repeated'),
            string_data: f('bytes', 6, 'repeated'),
            int64_data: f('int64', 7, 'repeated'),
            name: f('string', 8),
            doc_string: f('string', 12),
            raw_data: f('bytes', 9),
            data_location: f('int32', 14),
            double_data: f('double', 10, 'repeated'),
            uint64_data: f('uint64', 11, 'repeated'),
          },
        },
        TensorShapeProto: {
          fields: { dim: f('Dimension', 1, 'repeated') },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dim_value', 'dim_param'] } },
              fields: { dim_value: f('int64', 1), dim_param: f('string', 2), denotation: f('string', 3) },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensor_type'] } },
          fields: { tensor_type: f('Tensor', 1), denotation: f('string', 6) },
          nested: {
            Tensor: { fields: { elem_type: f('int32', 1), shape: f('TensorShapeProto', 2) } },
          },
        },
        OperatorSetIdProto: { fields: { domain: f('string', 1), version: f('int64', 2) } },
      },
    },
  },
};

let modelType: protobuf.Type | undefined;

function model(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(DESCRIPTOR).lookupType('onnx.ModelProto');
  return modelType;
}

/** Serialises a model to ONNX's binary protobuf form (what `.onnx` files hold). */
export function encodeModel(m: ModelProto): Uint8Array {
  const type = model();
  const err = type.verify(m);
  if (err) throw new Error(`onnx: invalid ModelProto: ${err}`);
  return type.encode(type.fromObject(m)).finish();
}

/** Parses a `.onnx` file's bytes (int64 fields become numbers, bytes fields Uint8Arrays). */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const type = model();
  const msg = type.decode(bytes);
  return type.toObject(msg, { longs: Number, bytes: Uint8Array, defaults: false, arrays: true }) as ModelProto;
}
