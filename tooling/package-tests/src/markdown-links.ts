/**
 * The links of the repository's Markdown files, checked the way a reader follows them on a checkout or on the
 * forge: a relative link must name a file or folder inside the repository (and, for a `#fragment` into a Markdown
 * file, one of its headings); nothing may point outside the repository (`../shared/...`, absolute paths,
 * `file:` URLs), because a reader of a clone or a tarball does not have those files. Web links are not fetched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** One problem: the file (relative to the root), the 1-based line, the link target and what is wrong. */
export interface LinkProblem {
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly problem: string;
}

/** One link found in a Markdown file. */
export interface MarkdownLink {
  readonly line: number;
  readonly target: string;
}

/**
 * Every Markdown file git knows of under `root`: tracked ones, and untracked ones that are not ignored (a new
 * document is checked before it is committed). Paths are relative to `root`.
 */
export function markdownFiles(root: string): string[] {
  const r = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '*.md'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`git ls-files in ${root} failed: ${r.stderr}`);
  const files = r.stdout.split('\0').filter(Boolean);
  // A tracked file deleted in the working tree is no longer a document.
  return [...new Set(files)].filter((f) => existsSync(join(root, f))).sort();
}

/** The text with fenced code blocks and inline code spans blanked out (same length, newlines kept). */
function withoutCode(text: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return text
    .replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^\1?\2[^\n]*$|(?![\s\S]))/gm, blank)
    .replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, blank);
}

/** The link targets of one Markdown text: inline links and images, autolinks excluded, reference definitions. */
export function markdownLinks(text: string): MarkdownLink[] {
  const prose = withoutCode(text);
  const lineOf = (index: number) => prose.slice(0, index).split('\n').length;
  const out: MarkdownLink[] = [];
  // [text](target "title") and ![alt](target); the text may hold one level of brackets ([`a[0]`](x)).
  for (const m of prose.matchAll(/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g)) {
    out.push({ line: lineOf(m.index), target: m[1].replace(/^<|>$/g, '') });
  }
  // [label]: target "title"
  for (const m of prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/gm)) {
    out.push({ line: lineOf(m.index), target: m[1].replace(/^<|>$/g, '') });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** GitHub's anchors for the headings of a Markdown text (`## API reference` -> `api-reference`). */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of withoutCode(text).matchAll(/^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/gm)) {
    // The heading's own text (code spans were blanked above, so read it from the original line).
    const raw = text.slice(m.index, m.index + m[0].length).replace(/^ {0,3}#{1,6}\s+/, '').replace(/\s*#*\s*$/, '');
    const base = raw
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Text that names a file of the team's shared folder, which is not part of the repository. */
const OUTSIDE_MENTION = /(?<=^|[\s`'"(])(?:\.\.\/)*shared\/(?:curriculum\.md|notes\/)/;

/** Checks every link of every Markdown file under `root`; returns the problems (empty when every link resolves). */
export function checkMarkdownLinks(root: string, files: readonly string[] = markdownFiles(root)): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsOf = (path: string) => {
    let a = anchorCache.get(path);
    if (!a) anchorCache.set(path, (a = headingAnchors(readFileSync(path, 'utf8'))));
    return a;
  };
  for (const file of files) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    const report = (line: number, target: string, problem: string) => problems.push({ file, line, target, problem });
    text.split('\n').forEach((l, i) => {
      const hit = OUTSIDE_MENTION.exec(l);
      if (hit) report(i + 1, hit[0], 'names a file outside the repository (the shared folder)');
    });
    for (const { line, target } of markdownLinks(text)) {
      if (target === '') {
        report(line, target, 'empty link target');
        continue;
      }
      if (/^file:/i.test(target)) {
        report(line, target, 'a file: URL points outside the repository');
        continue;
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue; // web links: not fetched
      const [pathPart, fragment] = splitTarget(target);
      if (pathPart === '') {
        if (fragment && !anchorsOf(path).has(fragment)) report(line, target, `no heading '#${fragment}' in this file`);
        continue;
      }
      if (isAbsolute(pathPart)) {
        report(line, target, 'an absolute path points outside the repository (use a relative link)');
        continue;
      }
      const resolved = resolve(dirname(path), pathPart);
      const rel = relative(root, resolved);
      if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
        report(line, target, 'points outside the repository');
        continue;
      }
      if (!existsSync(resolved)) {
        report(line, target, `no such file: ${rel}`);
        continue;
      }
      if (fragment && resolved.endsWith('.md') && statSync(resolved).isFile() && !anchorsOf(resolved).has(fragment)) {
        report(line, target, `no heading '#${fragment}' in ${rel}`);
      }
    }
  }
  // By file, then by line (stable: a mention of the shared folder comes before a link on the same line).
  return problems.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/** `path?query#fragment` -> [decoded path, decoded fragment]. */
function splitTarget(target: string): [string, string] {
  const hash = target.indexOf('#');
  const beforeHash = hash < 0 ? target : target.slice(0, hash);
  const fragment = hash < 0 ? '' : target.slice(hash + 1);
  const path = beforeHash.split('?')[0];
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return [decode(path), decode(fragment)];
}
