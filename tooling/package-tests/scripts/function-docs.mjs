// Which public functions of a package document every parameter (`@param`), what they return (`@returns`, unless
// they return nothing) and show an example (`@example`), read from TypeDoc's JSON output (what the API reference
// shows users). Exported functions, function-valued constants and object members (`multiply`, `layers.dense`)
// and the public methods of exported classes count (an override counts with the docs TypeDoc shows for it, which
// may come from the base class); constructors, accessors, private/protected, inherited and symbol-named members
// do not.
// Used by scripts/typedoc.mjs (`pnpm api-docs`) and test/docs.test.ts.

const KIND = { Module: 2, Namespace: 4, Variable: 32, Function: 64, Class: 128, Method: 2048 };

/** True when a signature's return type is `void`, `undefined`, `never` or a Promise of one of them. */
function returnsNothing(type) {
  if (!type) return true;
  if (type.type === 'intrinsic') return ['void', 'undefined', 'never'].includes(type.name);
  if (type.type === 'reference' && type.name === 'Promise' && type.typeArguments?.length === 1) {
    return returnsNothing(type.typeArguments[0]);
  }
  return false;
}

/**
 * What one call signature's doc comment lacks: ['@param x', '@returns', '@example'] (empty when complete).
 * `owner` is the comment of the property or variable holding a function type (`layers.dense`), which TypeDoc
 * shows for it and where its tags stay.
 */
export function missingDocs(signature, owner) {
  const missing = [];
  const blockTags = [...(signature.comment?.blockTags ?? []), ...(owner?.blockTags ?? [])];
  const tags = new Set(blockTags.map((t) => t.tag));
  const ownerParams = new Set(blockTags.filter((t) => t.tag === '@param').map((t) => t.name));
  for (const p of signature.parameters ?? []) {
    // TypeDoc moves each `@param` onto its parameter (and names a destructured one after its tag).
    const onParam = p.comment?.summary?.some((s) => s.text.trim() !== '');
    if (!onParam && !ownerParams.has(p.name)) missing.push(`@param ${p.name}`);
  }
  if (!returnsNothing(signature.type) && !tags.has('@returns')) missing.push('@returns');
  if (!tags.has('@example')) missing.push('@example');
  return missing;
}

/** The call signatures of a variable's or property's function type, if it has one. */
function functionType(reflection) {
  const d = reflection.type?.type === 'reflection' ? reflection.type.declaration : undefined;
  return d?.signatures?.length ? d.signatures : undefined;
}

/**
 * Public functions of one module reflection: [{ name, kind, signatures, owner }] (`Class.method` for methods).
 * Functions count wherever users call them from: exported functions, function-valued constants (`multiply =
 * mul`), and the function-valued members of exported objects (`layers.dense`, `initializers.zeros`).
 */
function publicFunctions(module) {
  const out = [];
  const exportedClasses = new Set((module.children ?? []).filter((c) => c.kind === KIND.Class).map((c) => c.name));
  const visit = (children, prefix) => {
    for (const c of children ?? []) {
      if (c.kind === KIND.Function) out.push({ name: prefix + c.name, kind: 'function', signatures: c.signatures ?? [] });
      else if (c.kind === KIND.Variable && functionType(c)) {
        out.push({ name: prefix + c.name, kind: 'function', signatures: functionType(c), owner: c.comment });
      } else if (c.kind === KIND.Variable && c.type?.type === 'reflection') {
        for (const m of c.type.declaration.children ?? []) {
          const sigs = m.signatures ?? functionType(m);
          if (sigs) out.push({ name: `${prefix}${c.name}.${m.name}`, kind: 'function', signatures: sigs, owner: m.comment });
        }
      } else if (c.kind === KIND.Namespace) visit(c.children, `${prefix}${c.name}.`);
      else if (c.kind === KIND.Class) {
        for (const m of c.children ?? []) {
          if (m.kind !== KIND.Method || m.flags?.isPrivate || m.flags?.isProtected) continue;
          // An inherited method counts with its own class when that class is public (checked there); one
          // inherited from a class the package does not export (Tensor's method families) counts here.
          if (m.inheritedFrom && exportedClasses.has(String(m.inheritedFrom.name).split('.')[0])) continue;
          // Members inherited from outside the package (Error's statics from @types/node) are not its API. With
          // `disableSources` members have no `sources`; TypeDoc names the package of a base it did not document
          // in `inheritedFrom.package` (absent for TypeScript's lib and @types declarations).
          if (m.inheritedFrom && m.inheritedFrom.package !== module.name) continue;
          // `[Symbol.dispose]` and the like: protocol hooks the language calls (`using`), not API users call.
          if (m.name.startsWith('[')) continue;
          out.push({ name: `${prefix}${c.name}.${m.name}`, kind: 'method', signatures: m.signatures ?? [] });
        }
      }
    }
  };
  visit(module.children, '');
  return out;
}

/**
 * Per package (module name in `json.children`, e.g. '@lab/core'): every public function and what its doc comment
 * lacks. Returns { [package]: { total, documented, functions: [{ name, kind, missing }] } }. `kind` is 'function'
 * or 'method'. An overloaded function is documented when every overload is.
 */
export function functionDocCoverage(json, packageNames) {
  const result = {};
  for (const name of packageNames) {
    const module = (json.children ?? []).find((m) => m.name === name);
    const functions = module
      ? publicFunctions(module).map((f) => ({
          name: f.name,
          kind: f.kind,
          missing: [...new Set(f.signatures.flatMap((sig) => missingDocs(sig, f.owner)))],
        }))
      : [];
    result[name] = {
      total: functions.length,
      documented: functions.filter((f) => f.missing.length === 0).length,
      functions,
    };
  }
  return result;
}

