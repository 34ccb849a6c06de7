/**
 * Turns a cell's JavaScript into the body of the kernel's cell function, keeping every line where it was:
 * - `import { a, b as c } from '@lab/core'` becomes `({ a, b: c } = __nb.import('@lab/core'))`: modules come from
 *   the kernel's module map, and the imported names are shared with later cells like any other top-level name;
 * - top-level `const` / `let` / `var` / `class` become assignments, which the kernel's `with (scope)` sends to the
 *   shared scope object (so later cells see them, live, as in Jupyter); a top-level `function` stays hoisted and is
 *   copied to the scope when the cell starts;
 * - `import('x')` becomes `__nb.importAsync('x')`.
 * Declarations inside blocks and functions are untouched. `const` is not enforced across cells (re-running a
 * cell must be able to set it again).
 */
import { parse, type AnyNode, type Pattern, type Program } from 'acorn';
import { CellSyntaxError } from './transpile.js';

/** The rewritten cell. */
export interface RewrittenCell {
  /** JavaScript statements, same lines as the cell, for `with (__nb.scope) { ... }` inside an async function. */
  body: string;
  /** Every top-level name the cell declares or imports (must exist on the scope before the body runs). */
  names: string[];
  /** Top-level function declarations: copied to the scope when the cell starts. */
  functions: string[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

function patternNames(p: Pattern, out: string[]): void {
  switch (p.type) {
    case 'Identifier':
      out.push(p.name);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties) patternNames(prop.type === 'RestElement' ? prop.argument : prop.value, out);
      break;
    case 'ArrayPattern':
      for (const el of p.elements) if (el) patternNames(el, out);
      break;
    case 'RestElement':
      patternNames(p.argument, out);
      break;
    case 'AssignmentPattern':
      patternNames(p.left, out);
      break;
    default:
      break;
  }
}

/** Newlines of a replaced range, so the replacement keeps the following lines in place. */
const keepLines = (text: string) => '\n'.repeat(text.split('\n').length - 1);

/** Visits every node below `node` (a small generic walk: acorn-walk would be one more dependency for this). */
function walk(node: unknown, visit: (n: AnyNode) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
  } else if (node && typeof node === 'object' && typeof (node as { type?: unknown }).type === 'string') {
    visit(node as AnyNode);
    for (const [key, value] of Object.entries(node)) if (key !== 'type' && value && typeof value === 'object') walk(value, visit);
  }
}

function lineOf(js: string, pos: number): number {
  return js.slice(0, pos).split('\n').length;
}

/**
 * Rewrites a cell's JavaScript (see the module comment).
 * @param js - the cell after {@link transpileCell}.
 * @returns the function body and the names it shares.
 * @throws {@link CellSyntaxError} with the cell line on a syntax error or an `export` other than a declaration.
 */
export function rewriteCell(js: string): RewrittenCell {
  let program: Program;
  try {
    program = parse(js, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true });
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number } };
    throw new CellSyntaxError(err.message.replace(/\s*\(\d+:\d+\)$/, ''), err.loc?.line);
  }
  const src = (a: number, b: number) => js.slice(a, b);
  const edits: Edit[] = [];
  const names: string[] = [];
  const functions: string[] = [];
  const replace = (start: number, end: number, text: string) => edits.push({ start, end, text: text + keepLines(src(start, end)) });

  const declaration = (node: AnyNode, start: number) => {
    if (node.type === 'VariableDeclaration') {
      // Insertions around each declarator (not one replacement of the whole statement), so that edits inside the
      // initializers (dynamic imports) still apply.
      const ds = node.declarations;
      edits.push({ start, end: ds[0].start, text: `${keepLines(src(start, ds[0].start))};` });
      for (const d of ds) {
        patternNames(d.id, names);
        edits.push({ start: d.start, end: d.start, text: '(' }, { start: d.end, end: d.end, text: d.init ? ')' : ' = undefined)' });
      }
      if (!src(ds[ds.length - 1].end, node.end).includes(';')) edits.push({ start: node.end, end: node.end, text: ';' });
    } else if (node.type === 'ClassDeclaration' && node.id) {
      names.push(node.id.name);
      edits.push({ start, end: node.start, text: `;${node.id.name} = ` }, { start: node.end, end: node.end, text: ';' });
    } else if (node.type === 'FunctionDeclaration' && node.id) {
      names.push(node.id.name);
      functions.push(node.id.name);
      if (start !== node.start) edits.push({ start, end: node.start, text: '' });
    }
  };

  for (const node of program.body) {
    if (node.type === 'ImportDeclaration') {
      const from = JSON.stringify(node.source.value);
      const props: string[] = [];
      const parts: string[] = [];
      for (const s of node.specifiers) {
        names.push(s.local.name);
        if (s.type === 'ImportNamespaceSpecifier') parts.push(`;${s.local.name} = __nb.import(${from});`);
        else if (s.type === 'ImportDefaultSpecifier') props.push(`default: ${s.local.name}`);
        else props.push(`${JSON.stringify(s.imported.type === 'Identifier' ? s.imported.name : s.imported.value)}: ${s.local.name}`);
      }
      if (props.length) parts.push(`;({ ${props.join(', ')} } = __nb.import(${from}));`);
      if (!node.specifiers.length) parts.push(`;__nb.import(${from});`);
      replace(node.start, node.end, parts.join(' '));
    } else if (node.type === 'ExportNamedDeclaration' && node.declaration) {
      declaration(node.declaration, node.start);
    } else if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration' || node.type === 'ExportAllDeclaration') {
      throw new CellSyntaxError('a cell cannot export; declare the name at the top level and later cells can use it', lineOf(js, node.start));
    } else {
      declaration(node, node.start);
    }
  }
  walk(program, (n) => {
    if (n.type === 'ImportExpression') edits.push({ start: n.start, end: n.start + 'import'.length, text: '__nb.importAsync' });
  });

  // Applied from the end so positions stay valid; edits at one position keep the order they were made in.
  const ordered = edits.map((e, seq) => ({ ...e, seq })).sort((a, b) => b.start - a.start || b.seq - a.seq);
  let body = js;
  for (const e of ordered) body = body.slice(0, e.start) + e.text + body.slice(e.end);
  return { body, names: [...new Set(names)], functions };
}
