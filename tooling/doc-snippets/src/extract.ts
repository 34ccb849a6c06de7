/**
 * Finds the TypeScript snippets of the repository's Markdown: every fence whose language is `ts` or `typescript`.
 *
 * A snippet is checked as a module of its own. Most doc snippets are excerpts that lean on names the text around
 * them introduced (`model`, `x`, the imports of the first example), so a snippet may carry a hidden context: an
 * HTML comment right above the fence (GitHub does not render it),
 *
 *     <!-- ts-context
 *     import { tensor } from '@lab/core';
 *     declare const model: Sequential;
 *     -->
 *
 * whose code goes before the snippet. A context with a line holding only `/* snippet *\/` wraps the snippet
 * instead: the snippet goes in that line's place (for an excerpt of a class body). A `<!-- ts-context-file`
 * comment anywhere in the file (usually imports) goes before every snippet of that file, ahead of its own context. Code that is deliberately not
 * TypeScript (shell, JSON, pseudo-code) uses another fence language.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced TypeScript snippet of a Markdown file. */
export interface Snippet {
  /** The Markdown file, relative to the repository root (`docs/tensorflow-users.md`). */
  readonly file: string;
  /** 1-based line of the snippet's first code line in that file. */
  readonly line: number;
  /** The snippet's code, as shown. */
  readonly code: string;
  /** The hidden context's code (empty when there is none). */
  readonly context: string;
}

/**
 * The Markdown files whose snippets are checked: README.md, the contributor guides (CONTRIBUTING.md,
 * ARCHITECTURE.md, DEVELOPERS.md), docs/*.md, packages/*\/README.md, apps/*\/README.md.
 */
export function markdownFiles(root: string): string[] {
  const files: string[] = [];
  const add = (p: string) => {
    if (existsSync(p)) files.push(p);
  };
  add(join(root, 'README.md'));
  for (const guide of ['CONTRIBUTING.md', 'ARCHITECTURE.md', 'DEVELOPERS.md']) add(join(root, guide));
  const docs = join(root, 'docs');
  if (existsSync(docs)) for (const f of readdirSync(docs).sort()) if (f.endsWith('.md')) add(join(docs, f));
  for (const dir of ['packages', 'apps']) {
    const base = join(root, dir);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) add(join(base, name, 'README.md'));
  }
  return files.map((f) => relative(root, f));
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const TS_LANGS = new Set(['ts', 'typescript']);

/** The TypeScript snippets of one Markdown text (`file` only labels them). */
export function extractSnippets(file: string, text: string): Snippet[] {
  const lines = text.split(/\r?\n/);
  const out: Snippet[] = [];
  const fileContext = fileContextOf(lines);
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const marker = open[1];
    const lang = open[2].toLowerCase();
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(marker)) end++;
    if (TS_LANGS.has(lang)) {
      const own = contextAbove(lines, i);
      const context = fileContext && own ? `${fileContext}\n${own}` : fileContext || own;
      out.push({ file, line: i + 2, code: lines.slice(i + 1, end).join('\n'), context });
    }
    i = end;
  }
  return out;
}

/** The `<!-- ts-context ... -->` comment ending on the line right above the fence at `fence`, if any. */
function contextAbove(lines: readonly string[], fence: number): string {
  const last = fence - 1;
  if (last < 0 || lines[last].trim() !== '-->') return '';
  for (let j = last - 1; j >= 0; j--) {
    const t = lines[j].trim();
    if (t === '<!-- ts-context') return lines.slice(j + 1, last).join('\n');
    if (t.startsWith('<!--') || t.endsWith('-->')) return '';
  }
  return '';
}

/** The code of the file's `<!-- ts-context-file ... -->` comment, or ''. */
function fileContextOf(lines: readonly string[]): string {
  const start = lines.findIndex((l) => l.trim() === '<!-- ts-context-file');
  if (start < 0) return '';
  const end = lines.findIndex((l, j) => j > start && l.trim() === '-->');
  return end < 0 ? '' : lines.slice(start + 1, end).join('\n');
}

/** Every TypeScript snippet of the files {@link markdownFiles} lists. */
export function allSnippets(root: string): Snippet[] {
  return markdownFiles(root).flatMap((f) => extractSnippets(f, readFileSync(join(root, f), 'utf8')));
}
