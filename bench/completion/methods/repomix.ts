import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TokenCounter } from '../../../src/engine/tokenize/tokenCounter';
import type { Case } from '../cases';
import { renderSections, type Section } from '../render';
import { splitKeepEnds } from '../text';
import type { Method } from './method';

export function repomixBin(repoRoot: string): string {
  return path.join(repoRoot, '.cache/bench/tools/node_modules/.bin/repomix');
}

/** Flags for a bare pack: no summary or tree (they are not code), no secret scan, no ignore files of the host. */
export const REPOMIX_FLAGS = ['--compress', '--style', 'plain', '--no-file-summary', '--no-directory-structure', '--no-security-check', '--no-gitignore', '--no-dot-ignore'];

/** Splits repomix's plain output into its per-file sections. */
export function parseRepomixPlain(out: string): Section[] {
  const sections: Section[] = [];
  const header = /^={16}\nFile: (.*)\n={16}\n/gm;
  const marks = [...out.matchAll(header)];
  marks.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? out.length;
    const body = out.slice(start, end).replace(/\s+$/, '');
    if (m[1] !== undefined && body.length > 0) sections.push({ path: m[1], body: `${body}\n` });
  });
  return sections;
}

/**
 * repomix 1.18.1 `--compress` (tree-sitter: signatures, imports and comments, bodies dropped) run as a child
 * process on the case's files, its sections re-rendered in the common layout and cut from the end at the budget
 * after the reserved query tail. It has no token budget of its own.
 */
export class RepomixMethod implements Method {
  readonly name = 'repomix';
  private sections: Section[] | undefined;

  constructor(private readonly repoRoot: string, private readonly counter: TokenCounter) {}

  async prepare(c: Case): Promise<void> {
    const dir = mkdtempSync(path.join(tmpdir(), 'ccc-bench-repomix-'));
    try {
      for (const f of c.files) {
        const p = path.join(dir, 'in', f.path);
        mkdirSync(path.dirname(p), { recursive: true });
        writeFileSync(p, f.text);
      }
      const out = path.join(dir, 'out.txt');
      const r = spawnSync(repomixBin(this.repoRoot), [...REPOMIX_FLAGS, '-o', out, '--quiet', 'in'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
      if (r.status !== 0) throw new Error(`repomix failed (${r.status}): ${r.stderr || r.stdout}`);
      this.sections = parseRepomixPlain(readFileSync(out, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async run(c: Case, budget: number): Promise<string> {
    if (!this.sections) await this.prepare(c);
    const sections = this.sections ?? [];
    const tail: Section = { path: c.targetPath, body: c.tail };
    // Lines in repomix's own order, kept from the front while they fit.
    const lines: { path: string; line: string }[] = sections.flatMap((s) => splitKeepEnds(s.body).map((line) => ({ path: s.path, line })));
    const draw = (n: number) => {
      const out: Section[] = [];
      for (const { path: p, line } of lines.slice(0, n)) {
        const last = out[out.length - 1];
        if (last && last.path === p) out[out.length - 1] = { path: p, body: last.body + line };
        else out.push({ path: p, body: line });
      }
      return renderSections([...out, tail]);
    };
    let estimate = this.counter.count(draw(0));
    let n = 0;
    let prev: string | undefined;
    for (const { path: p, line } of lines) {
      const cost = this.counter.count(line) + (p !== prev ? this.counter.count(`<|file_sep|>${p}\n`) : 0);
      if (estimate + cost > budget) break;
      estimate += cost;
      prev = p;
      n++;
    }
    let text = draw(n);
    while (n > 0 && this.counter.count(text) > budget) text = draw(--n);
    return text;
  }

  finish(): void {
    this.sections = undefined;
  }
}
