/**
 * Type-checks doc snippets the way a user's project would: strict TypeScript, one module per snippet, with
 * `node16` or `bundler` module resolution, against the lab packages (their sources through `paths`, which is what
 * the workspace's own typecheck uses; or, with `from: 'dist'`, the built packages through their `exports` maps).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import type { Snippet } from './extract.js';

/** The module settings a snippet is checked under. */
export type Resolution = 'node16' | 'bundler';

/** A problem in a snippet, located in its Markdown file. */
export interface SnippetProblem {
  /** `file:line` in the Markdown (or `file:line (context)` for the hidden context). */
  readonly where: string;
  /** The compiler's message, or what construct is not allowed. */
  readonly message: string;
}

const SNIPPET_MARK = /^\s*\/\*\s*snippet\s*\*\/\s*$/m;

/** The module text checked for a snippet, and the line in it where the snippet's first line lands. */
export function moduleText(s: Snippet): { text: string; snippetLine: number } {
  if (SNIPPET_MARK.test(s.context)) {
    const before = s.context.slice(0, s.context.search(SNIPPET_MARK));
    const after = s.context.slice(before.length).replace(SNIPPET_MARK, '');
    return { text: `${before}${s.code}\n${after}\nexport {};\n`, snippetLine: before.split('\n').length - 1 };
  }
  const head = s.context ? `${s.context}\n` : '';
  return { text: `${head}${s.code}\nexport {};\n`, snippetLine: head ? head.split('\n').length - 1 : 0 };
}

/** `@lab/<name>` and `@lab/<name>/<subpath>` -> the source file each resolves to, from the packages' `exports`. */
export function sourcePaths(root: string): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const dir of ['packages', 'apps']) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const pkgFile = join(base, name, 'package.json');
      if (!existsSync(pkgFile)) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name?: string; exports?: unknown };
      if (!pkg.name) continue;
      const index = join(base, name, 'src', 'index.ts');
      if (existsSync(index)) paths[pkg.name] = [index];
      if (pkg.exports && typeof pkg.exports === 'object') {
        for (const [sub, target] of Object.entries(pkg.exports as Record<string, unknown>)) {
          if (sub === '.' || !sub.startsWith('./')) continue;
          const src = sourceOf(join(base, name), target);
          if (src) paths[`${pkg.name}/${sub.slice(2)}`] = [src];
        }
      }
    }
  }
  return paths;
}

/** The `src/*.ts` behind an export target (`./dist/checks.js` -> `src/checks.ts`), if it exists. */
function sourceOf(pkgDir: string, target: unknown): string | null {
  const first = (t: unknown): string | null => {
    if (typeof t === 'string') return t;
    if (t && typeof t === 'object') {
      for (const v of Object.values(t as Record<string, unknown>)) {
        const f = first(v);
        if (f) return f;
      }
    }
    return null;
  };
  const f = first(target);
  if (!f) return null;
  const stem = f.replace(/^\.\/(dist|src)\//, '').replace(/\.(d\.)?(c|m)?(js|ts)$/, '');
  const src = join(pkgDir, 'src', `${stem}.ts`);
  return existsSync(src) ? src : null;
}

/** The compiler options for one resolution: what a strict user project would set. */
export function compilerOptions(resolution: Resolution, paths: Record<string, string[]> | null): ts.CompilerOptions {
  return {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
    types: ['node'],
    ...(resolution === 'node16'
      ? { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 }
      : { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler }),
    ...(paths ? { paths } : {}),
  };
}

/**
 * Compiles every snippet as its own module (`<dir>/snippet-<i>.mts`, kept in memory) and returns the compiler's
 * errors per snippet. `dir` must sit inside the workspace so that `@types/node` (and, without `paths`, the linked
 * `@lab/*` packages) resolve from it.
 */
export function typeCheck(snippets: readonly Snippet[], dir: string, options: ts.CompilerOptions): SnippetProblem[][] {
  const files = new Map<string, { text: string; snippetLine: number; snippet: Snippet }>();
  snippets.forEach((s, i) => files.set(resolve(dir, `snippet-${i}.mts`), { ...moduleText(s), snippet: s }));
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => files.has(resolve(f)) || fileExists.call(host, f);
  host.readFile = (f) => files.get(resolve(f))?.text ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, onError, create) => {
    const v = files.get(resolve(f));
    return v ? ts.createSourceFile(f, v.text, lang) : getSourceFile.call(host, f, lang, onError, create);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const global = program.getGlobalDiagnostics().concat(program.getOptionsDiagnostics());
  return [...files.entries()].map(([path, v]) => {
    const sf = program.getSourceFile(path);
    const diags = sf ? [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)] : [];
    return [...global, ...diags].map((d) => problem(d, v.snippet, v.snippetLine));
  });
}

function problem(d: ts.Diagnostic, s: Snippet, snippetLine: number): SnippetProblem {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return { where: `${s.file}:${s.line}`, message: `TS${d.code}: ${message}` };
  const line = d.file.getLineAndCharacterOfPosition(d.start).line;
  const codeLines = s.code.split('\n').length;
  const inSnippet = line >= snippetLine && line < snippetLine + codeLines;
  const where = inSnippet ? `${s.file}:${s.line + line - snippetLine}` : `${s.file}:${s.line} (ts-context line ${line + 1})`;
  return { where, message: `TS${d.code}: ${message}` };
}

/**
 * What a snippet may not show: `as` casts (`as const` is fine: it casts nothing), `<T>x` assertions, non-null
 * `!` assertions (on expressions and definite-assignment `let x!: T`), and comments that silence the compiler.
 */
export function forbiddenConstructs(s: Snippet): SnippetProblem[] {
  const sf = ts.createSourceFile('snippet.ts', s.code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: SnippetProblem[] = [];
  const at = (n: ts.Node) => `${s.file}:${s.line + sf.getLineAndCharacterOfPosition(n.getStart(sf)).line}`;
  const visit = (n: ts.Node): void => {
    if (ts.isAsExpression(n) && !(ts.isTypeReferenceNode(n.type) && n.type.getText(sf) === 'const')) {
      out.push({ where: at(n), message: `a cast: \`${n.getText(sf)}\`` });
    } else if (ts.isTypeAssertionExpression(n)) {
      out.push({ where: at(n), message: `a type assertion: \`${n.getText(sf)}\`` });
    } else if (ts.isNonNullExpression(n)) {
      out.push({ where: at(n), message: `a non-null assertion: \`${n.getText(sf)}\`` });
    } else if ((ts.isVariableDeclaration(n) || ts.isPropertyDeclaration(n)) && n.exclamationToken) {
      out.push({ where: at(n), message: `a definite-assignment assertion: \`${n.getText(sf)}\`` });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const silence = /@ts-(ignore|expect-error|nocheck)/.exec(s.code);
  if (silence) out.push({ where: `${s.file}:${s.line}`, message: `a comment that silences the compiler: ${silence[0]}` });
  return out;
}
