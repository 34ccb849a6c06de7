// Every relative link in the repository's Markdown files (README.md, docs/, each package's README, ...) names a
// file that exists inside the repository, and no document points outside it (the team's shared folder, absolute
// paths): a stranger reads these files on a clone or in a tarball, where nothing else exists.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMarkdownLinks, headingAnchors, markdownFiles, markdownLinks } from '../src/markdown-links.js';
import { ROOT } from '../src/workspace.js';

describe('Markdown links', () => {
  it('every relative link in every Markdown file of the repository resolves, and none leaves it', () => {
    const files = markdownFiles(ROOT);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/curriculum.md', 'packages/core/README.md']));
    const problems = checkMarkdownLinks(ROOT, files).map((p) => `${p.file}:${p.line} (${p.target}): ${p.problem}`);
    expect(problems).toEqual([]);
  });

  describe('the checker itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-links-'));
    const write = (file: string, text: string) => {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    };
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('finds inline links, images and reference definitions, but not links inside code', () => {
      const text = [
        'See [the guide](docs/a.md#setup) and ![plot](img/p.png "a plot").',
        '`[not a link](nowhere.md)`',
        '```md',
        '[also not](fenced.md)',
        '```',
        '[ref]: ../b.md',
        'A [`x[0]`](c.md) link.',
      ].join('\n');
      expect(markdownLinks(text)).toEqual([
        { line: 1, target: 'docs/a.md#setup' },
        { line: 1, target: 'img/p.png' },
        { line: 6, target: '../b.md' },
        { line: 7, target: 'c.md' },
      ]);
    });

    it('makes GitHub heading anchors', () => {
      expect([...headingAnchors('# lab\n## API reference\n### `init(plugin)` and C4\n## API reference\n')]).toEqual([
        'lab', 'api-reference', 'initplugin-and-c4', 'api-reference-1',
      ]);
    });

    it('reports missing files, missing headings, links out of the repository and mentions of the shared folder', () => {
      write('repo/docs/guide.md', '# Guide\n## Setup\n');
      write('repo/README.md', [
        '[ok](docs/guide.md#setup) [ok too](docs/) [web](https://example.com/x.md) [here](#top-level)',
        '# Top level',
        '[missing](docs/nope.md)',
        '[bad anchor](docs/guide.md#install)',
        '[outside](../shared/curriculum.md)',
        '[absolute](/etc/passwd)',
        '[file url](file:///tmp/x.md)',
        'the course text is in `../../../shared/curriculum.md`',
      ].join('\n'));
      const problems = checkMarkdownLinks(join(dir, 'repo'), ['README.md', 'docs/guide.md']);
      expect(problems.map((p) => [p.line, p.target, p.problem])).toEqual([
        [3, 'docs/nope.md', 'no such file: docs/nope.md'],
        [4, 'docs/guide.md#install', "no heading '#install' in docs/guide.md"],
        [5, '../shared/curriculum.md', 'names a file outside the repository (the shared folder)'],
        [5, '../shared/curriculum.md', 'points outside the repository'],
        [6, '/etc/passwd', 'an absolute path points outside the repository (use a relative link)'],
        [7, 'file:///tmp/x.md', 'a file: URL points outside the repository'],
        [8, '../../../shared/curriculum.md', 'names a file outside the repository (the shared folder)'],
      ]);
    });
  });
});
