// BACKENDS.md is the backend author's whole contract (the contract's source is not in the published package): it
// names every required member, every field of the required kernels' arguments, every op they are called with,
// and the dtypes layers and fit need (TRAINING_DTYPES). A member or op added to contract.ts without a word in the
// document fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAINING_DTYPES } from '../src/engine/training-dtypes.js';
import { isBoolUnary, UNARY_INPUT_DTYPES, UNARY_OPS } from '../src/backend/unary-ops.js';

const root = join(import.meta.dirname, '..');
const doc = readFileSync(join(root, 'BACKENDS.md'), 'utf8');
// The contract is contract.ts plus its kernels' argument types (one file per family).
const contract = ['contract.ts', 'kernel-args.ts', 'conv-args.ts'].map((f) => readFileSync(join(root, 'src/backend', f), 'utf8')).join('\n');

/** The body of `interface <name> { ... }` in contract.ts. */
function interfaceBody(name: string): string {
  const m = new RegExp(`export interface ${name}(?: extends [\\w, ]+)? \\{([\\s\\S]*?)\\n\\}`).exec(contract);
  if (!m) throw new Error(`contract.ts has no interface ${name}`);
  return m[1];
}

/** Member names declared in an interface body (properties and methods; comments skipped). */
function members(body: string): string[] {
  const code = body.replace(/\/\*\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return [...code.matchAll(/^\s*(?:readonly\s+)?(\w+)\??[(:]/gm)].map((m) => m[1]);
}

/** The string literals of `export type <name> = 'a' | 'b' ...`. */
function unionMembers(name: string): string[] {
  const m = new RegExp(`export type ${name} =([^;]*);`).exec(contract);
  if (!m) throw new Error(`contract.ts has no type ${name}`);
  return [...m[1].matchAll(/'(\w+)'/g)].map((x) => x[1]);
}

/** True when `word` appears in the document as code (`word`, or inside a code span with other words). */
function mentioned(word: string): boolean {
  return [...doc.replace(/^```[\s\S]*?^```/gm, '').matchAll(/`([^`]+)`/g)].some((m) => new RegExp(`(^|[^\\w])${word}([^\\w]|$)`).test(m[1]));
}

describe('BACKENDS.md documents the whole required contract', () => {
  it('every required member of BackendPrimitives', () => {
    const required = members(interfaceBody('BackendPrimitives'));
    expect(required).toEqual(expect.arrayContaining(['descriptor', 'alloc', 'matmul', 'gather']));
    expect(required.filter((m) => !mentioned(m))).toEqual([]);
  });

  it('every field of View, BackendDescriptor and the required kernels\' arguments', () => {
    for (const name of ['View', 'BackendDescriptor', 'MatMulArgs', 'ReduceArgs', 'GatherArgs']) {
      const fields = members(interfaceBody(name));
      expect(fields.length, name).toBeGreaterThan(2);
      expect(fields.filter((f) => !mentioned(f)), name).toEqual([]);
    }
  });

  it('every op the required kernels are called with', () => {
    for (const name of ['BinaryOp', 'CompareOp', 'ReduceOp']) {
      const ops = unionMembers(name);
      expect(ops.length, name).toBeGreaterThan(3);
      expect(ops.filter((op) => !mentioned(op)), name).toEqual([]);
    }
  });

  it('the unary ops by their definitions, not by a list that a new op would leave behind', () => {
    // A list here would be one more file to edit per new unary op (issue #16): the document points at
    // UNARY_OP_DEFS and the kit's reference instead, and names the rules that are easy to get wrong.
    for (const word of ['UNARY_OP_DEFS', 'PRIMITIVE_UNARY_OPS', 'EXTENDED_UNARY_OPS', 'unaryOps', 'PrimitiveUnaryOp']) {
      expect(mentioned(word), word).toBe(true);
    }
    expect(doc).toContain('`reference.unaryRef(op, dtype, x)` from `@lab/backend-testkit/checks`');
    for (const op of ['round', 'sign', 'relu', 'gelu', 'selu', 'elu', 'erfinv']) expect(mentioned(op), op).toBe(true);
    // The dtype classes the document names are the definitions' own.
    expect(Object.keys(UNARY_INPUT_DTYPES)).toEqual(['float', 'numeric', 'bool']);
    expect(UNARY_INPUT_DTYPES.float).toEqual(['float32', 'float64', 'float16']);
    expect(UNARY_OPS.filter(isBoolUnary)).toEqual(['isNaN', 'isFinite', 'isInf']);
  });

  it('the dtypes layers and fit need, and that init() warns without them', () => {
    expect(TRAINING_DTYPES).toEqual(['float32', 'int32', 'bool']);
    expect(doc).toContain('stores at least **float32, int32 and bool**');
    expect(doc).toMatch(/`init\(\)` checks this when it selects a backend/);
  });
});
