import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gatherFiles } from '../../src/engine/gather/gatherFiles';
import { excludeFilter } from '../../src/engine/gather/gitignore';

/** A small deterministic generator (Park–Miller), so a failure names a seed that reproduces it. */
class Random {
  constructor(private seed: number) {}
  next(): number {
    this.seed = (this.seed * 48271) % 2147483647;
    return this.seed / 2147483647;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

const NAMES = ['a', 'b', 'ab', 'ba', 'a.log', 'b.log', 'x.txt', 'a b', '.hid', 'A', 'aa', 'c[1]', 'q*', 'e!', '#h', 'abc.ts'];
const DIRS = ['a', 'b', 'd', 'ab', 'log', 'x y'];

/** Pieces patterns are made of: names, wildcards, classes, escapes, globstars. */
const PIECES = ['a', 'b', 'ab', '*', '?', '**', '[ab]', '[!a]', '[^b]', '[a-c]', '[[:alpha:]]', '.log', '.txt', '\\*', '\\[', 'c\\[1]', ' ', '\\ ', '#', '!', 'd', 'x', 'q', '[]a]', '[a-]', 'A'];

function randomPattern(r: Random): string {
  const segments: string[] = [];
  const count = 1 + Math.floor(r.next() * 3);
  for (let s = 0; s < count; s++) {
    let seg = '';
    const pieces = 1 + Math.floor(r.next() * 3);
    for (let p = 0; p < pieces; p++) seg += r.pick(PIECES);
    segments.push(r.next() < 0.25 ? '**' : seg);
  }
  let pattern = segments.join('/');
  if (r.next() < 0.2) pattern = `/${pattern}`;
  if (r.next() < 0.2) pattern += '/';
  if (r.next() < 0.2) pattern = `!${pattern}`;
  if (r.next() < 0.1) pattern += '  ';
  return pattern;
}

function randomTree(r: Random): string[] {
  const files = new Set<string>();
  const count = 8 + Math.floor(r.next() * 14);
  for (let i = 0; i < count; i++) {
    const depth = Math.floor(r.next() * 3);
    const parts = Array.from({ length: depth }, () => r.pick(DIRS));
    parts.push(r.pick(NAMES));
    files.add(parts.join('/'));
  }
  // A name cannot be both a file and a folder.
  return [...files].filter((f) => ![...files].some((g) => g.startsWith(`${f}/`)));
}

describe('.gitignore matching agrees with git itself', () => {
  let repo: string;
  before(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'ccc-gitignore-'));
    execFileSync('git', ['init', '-q'], { cwd: repo });
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  const clear = (): void => {
    for (const entry of readdirSync(repo)) if (entry !== '.git') rmSync(path.join(repo, entry), { recursive: true, force: true });
  };

  /** The untracked files git does not ignore: exactly what the walk should gather. */
  const gitKeeps = (): string[] =>
    execFileSync('git', ['ls-files', '-o', '--exclude-standard', '-z'], { cwd: repo, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '' && !f.endsWith('.gitignore'))
      .sort();

  it('on 300 random trees and .gitignore files (nested ones included), the same files as `git ls-files -o --exclude-standard`', async () => {
    const r = new Random(20_261_207);
    let ignoredSomewhere = 0;
    for (let trial = 0; trial < 300; trial++) {
      clear();
      const files = randomTree(r);
      for (const f of files) {
        mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
        writeFileSync(path.join(repo, f), 'x\n');
      }
      const rootPatterns = Array.from({ length: 1 + Math.floor(r.next() * 5) }, () => randomPattern(r));
      writeFileSync(path.join(repo, '.gitignore'), `${rootPatterns.join('\n')}\n`);
      const dirs = [...new Set(files.map((f) => path.posix.dirname(f)).filter((d) => d !== '.'))];
      let nested: string[] = [];
      if (dirs.length > 0 && r.next() < 0.5) {
        const dir = r.pick(dirs);
        nested = Array.from({ length: 1 + Math.floor(r.next() * 3) }, () => randomPattern(r));
        writeFileSync(path.join(repo, dir, '.gitignore'), `${nested.join('\n')}\n`);
        nested = [`(in ${dir}/)`, ...nested];
      }
      const expected = gitKeeps();
      const { files: gathered } = await gatherFiles(['.'], { cwd: repo, maxFileBytes: 1024 });
      const ours = gathered.map((f) => f.path).sort();
      if (expected.length < files.length) ignoredSomewhere++;
      assert.deepEqual(ours, expected, `trial ${trial}: patterns ${JSON.stringify([...rootPatterns, ...nested])} on ${JSON.stringify(files)}`);
    }
    assert.ok(ignoredSomewhere > 100, `only ${ignoredSomewhere} trials ignored anything: the patterns are too weak to test`);
  });

  it('handles the edge cases of git’s syntax as git does', async () => {
    const cases: { patterns: string[]; files: string[] }[] = [
      { patterns: ['foo/', '!foo/keep'], files: ['foo/keep', 'foo/x', 'bar/foo/y', 'foo2'] },
      { patterns: ['**/b', 'a/**/c', 'd/**'], files: ['b', 'x/b', 'x/y/b', 'a/c', 'a/x/c', 'a/x/y/c', 'd/e', 'd/g/f', 'xd/e'] },
      { patterns: ['\\#h', '\\!e', 'trail\\ ', 'sp  '], files: ['#h', '!e', 'trail ', 'sp', 'sp  '] },
      { patterns: ['*.log', '!important.log', 'sub/*.log'], files: ['a.log', 'important.log', 'sub/important.log', 'sub/x.log', 'sub/deep/x.log'] },
      { patterns: ['/top', 'mid/end', '[[:digit:]]*', '[z-a]', 'weird\\\\\\'], files: ['top', 'x/top', 'mid/end', 'x/mid/end', '1abc', 'abc1', 'weird\\'] },
      { patterns: ['a\r', 'b'], files: ['a', 'b'] },
      { patterns: ['[a', 'c[', '[[:nope:]]'], files: ['[a', 'c[', 'n'] },
    ];
    for (const c of cases) {
      clear();
      for (const f of c.files) {
        mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
        writeFileSync(path.join(repo, f), 'x\n');
      }
      writeFileSync(path.join(repo, '.gitignore'), `${c.patterns.join('\n')}\n`);
      const { files } = await gatherFiles(['.'], { cwd: repo, maxFileBytes: 1024 });
      assert.deepEqual(files.map((f) => f.path).sort(), gitKeeps(), JSON.stringify(c.patterns));
    }
  });
});

describe('exclude globs', () => {
  it('exclude a file when it or one of its folders matches, with gitignore syntax', () => {
    const excluded = excludeFilter(['*.min.js', 'dist/', '/build', 'gen/**', '!gen/keep.ts', 'src/**/fixtures']);
    const cases: [string, boolean][] = [
      ['a.min.js', true],
      ['src/lib/a.min.js', true],
      ['dist/a.ts', true],
      ['src/dist/a.ts', true],
      ['build/a.ts', true],
      ['src/build/a.ts', false],
      ['gen/a.ts', true],
      ['gen/keep.ts', false],
      ['src/x/fixtures/f.ts', true],
      ['src/fixtures/f.ts', true],
      ['src/a.ts', false],
      ['dist', false], // a file named dist: `dist/` names folders only
    ];
    for (const [p, want] of cases) assert.equal(excluded(p), want, p);
    assert.equal(excludeFilter([])('anything.ts'), false);
  });
});
