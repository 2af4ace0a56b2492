import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it, before } from 'node:test';
import { Compressor, CancelledError, InvalidBudgetError } from '../../src/engine';
import type { SourceFile } from '../../src/engine';
import { loadTokenCounter, type TokenCounter } from '../../src/engine/tokenize/tokenCounter';

const root = path.resolve(__dirname, '../../..');
const assets = { wasmDir: path.join(root, 'dist/assets/wasm'), tokenizersDir: path.join(root, 'dist/assets/tokenizers') };

/** The project's own engine sources: real, varied TypeScript of a realistic size. */
function engineSources(): SourceFile[] {
  const dir = path.join(root, 'src/engine');
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => ({ path: `src/engine/${f.split(path.sep).join('/')}`, text: readFileSync(path.join(dir, f), 'utf8') }));
}

describe('Compressor', () => {
  let compressor: Compressor;
  let counter: TokenCounter;
  let files: SourceFile[];

  before(async () => {
    compressor = new Compressor(assets, { info() {}, warn() {}, error() {}, debug() {} });
    counter = await loadTokenCounter(assets.tokenizersDir, 'qwen2.5');
    files = engineSources();
  });

  it('never exceeds the budget, counted on the rendered text in the decoder tokenizer', async () => {
    for (const budget of [16, 50, 100, 256, 500, 1000, 2000, 3000, 4000, 8000, 16000, 64000]) {
      const r = await compressor.compress({ files, budget, decoder: 'qwen2.5-coder-7b', query: 'plan the budget for units' });
      const exact = counter.count(r.text);
      assert.ok(exact <= budget, `budget ${budget}: output has ${exact} tokens`);
      assert.equal(r.stats.compressedTokens, exact);
      assert.ok(r.stats.originalTokens > 0);
    }
  });

  it('uses most of a budget it cannot fill with everything', async () => {
    const r = await compressor.compress({ files, budget: 4000, decoder: 'qwen2.5-coder-7b' });
    assert.ok(r.stats.originalTokens > 8000, 'fixture must be bigger than the budget');
    assert.ok(r.stats.compressedTokens > 3000, `used only ${r.stats.compressedTokens} of 4000`);
  });

  it('keeps everything verbatim when it all fits', async () => {
    const small = files.slice(0, 2);
    const r = await compressor.compress({ files: small, budget: 64000, decoder: 'qwen2.5-coder-7b' });
    assert.ok(r.slots.every((s) => s.level === 'verbatim'));
    for (const f of small) assert.ok(r.text.includes(f.text.trimEnd()), `${f.path} is not verbatim in the output`);
  });

  it('keeps the pinned cursor region verbatim at every budget that can hold it', async () => {
    const target = files.find((f) => f.path.endsWith('plan/planner.ts'));
    assert.ok(target);
    const lines = target.text.split('\n');
    const line = lines.findIndex((l) => l.includes('shrink(): boolean')) + 1;
    assert.ok(line > 0);
    for (const budget of [300, 800, 2000, 4000]) {
      const r = await compressor.compress({ files, budget, decoder: 'qwen2.5-coder-7b', pinned: [{ path: target.path, startLine: line, endLine: line }] });
      assert.ok(r.text.includes(lines[line - 1] ?? '<missing>'), `budget ${budget}: cursor line lost`);
      const pinned = r.slots.filter((s) => s.pinned);
      assert.ok(pinned.length > 0 && pinned.every((s) => s.level === 'verbatim'));
      assert.ok(counter.count(r.text) <= budget);
    }
  });

  it('pins the lines just above the cursor when the enclosing function is too big to pin whole', async () => {
    const target = files.find((f) => f.path.endsWith('plan/planner.ts'));
    assert.ok(target);
    const lines = target.text.split('\n');
    const line = lines.findIndex((l) => l.includes('this.apply(top.item, top.to, true);')) + 1;
    assert.ok(line > 10);
    const r = await compressor.compress({ files, budget: 400, decoder: 'qwen2.5-coder-7b', pinned: [{ path: target.path, startLine: line, endLine: line }] });
    const pinned = r.slots.filter((s) => s.pinned);
    assert.equal(pinned.length, 1);
    const slot = pinned[0];
    assert.ok(slot && slot.startLine < line - 3 && slot.endLine === line, `pinned ${slot?.startLine}-${slot?.endLine}, cursor ${line}`);
    assert.ok(r.text.includes(lines.slice(line - 4, line).join('\n')));
    assert.ok(counter.count(r.text) <= 400);
  });

  it('keeps every pinned region of one file (several chosen symbols)', async () => {
    const target = files.find((f) => f.path.endsWith('plan/planner.ts'));
    assert.ok(target);
    const lines = target.text.split('\n');
    const a = lines.findIndex((l) => l.includes('shrink(): boolean')) + 1;
    const b = lines.findIndex((l) => l.includes('export function levelTokens(')) + 1;
    assert.ok(a > 0 && b > 0);
    const r = await compressor.compress({
      files,
      budget: 3000,
      decoder: 'qwen2.5-coder-7b',
      pinned: [
        { path: target.path, startLine: a, endLine: a },
        { path: target.path, startLine: b, endLine: b },
      ],
    });
    assert.ok(r.text.includes(lines[a - 1] ?? '<missing>'), 'first pinned region lost');
    assert.ok(r.text.includes(lines[b - 1] ?? '<missing>'), 'second pinned region lost');
    assert.equal(r.slots.filter((s) => s.pinned && s.path === target.path).length >= 2, true);
  });

  it('says when definitions the cursor code uses had to be left out, and not when they fit', async () => {
    const target = files.find((f) => f.path.endsWith('compress.ts'));
    assert.ok(target);
    const lines = target.text.split('\n');
    const line = lines.findIndex((l) => l.includes('const planner = new Planner(')) + 1;
    assert.ok(line > 0);
    const pinned = [{ path: target.path, startLine: line, endLine: line }];
    const tight = await compressor.compress({ files, budget: 1200, decoder: 'qwen2.5-coder-7b', pinned });
    const w = tight.warnings.find((x) => x.code === 'dropped-definitions');
    assert.ok(w, 'no dropped-definitions warning at a tight budget');
    assert.match(w.message, /To fit 1200 tokens, definitions the code at the cursor uses were left out: .+\. Raise the budget/);
    const roomy = await compressor.compress({ files, budget: 200_000, decoder: 'qwen2.5-coder-7b', pinned });
    assert.ok(!roomy.warnings.some((x) => x.code === 'dropped-definitions'));
  });

  it('pins the query when it is code from the inputs (the CLI case)', async () => {
    const target = files.find((f) => f.path.endsWith('render/render.ts'));
    assert.ok(target);
    const query = target.text.split('\n').slice(30, 40).join('\n');
    const r = await compressor.compress({ files, budget: 1500, decoder: 'qwen2.5-coder-7b', query });
    assert.ok(r.text.includes(query.trim()), 'query code is not verbatim in the output');
  });

  it('keeps the last lines of a cursor region larger than the budget, and says so', async () => {
    const big = files.reduce((a, b) => (a.text.length > b.text.length ? a : b));
    const n = big.text.split('\n').length;
    const r = await compressor.compress({ files: [big], budget: 200, decoder: 'qwen2.5-coder-7b', pinned: [{ path: big.path, startLine: 1, endLine: n }] });
    assert.ok(counter.count(r.text) <= 200);
    assert.ok(r.warnings.some((w) => w.code === 'pinned-truncated'));
    const lastCode = big.text.trimEnd().split('\n').pop() ?? '';
    assert.ok(r.text.includes(lastCode));
  });

  it('is deterministic', async () => {
    const a = await compressor.compress({ files, budget: 2500, decoder: 'qwen2.5-coder-7b', query: 'tokenizer cache' });
    const b = await compressor.compress({ files: [...files], budget: 2500, decoder: 'qwen2.5-coder-7b', query: 'tokenizer cache' });
    assert.equal(a.text, b.text);
  });

  it('renders Qwen2.5-Coder repository format with file headers and recoverable line numbers', async () => {
    const r = await compressor.compress({ files, budget: 3000, decoder: 'qwen2.5-coder-7b' });
    assert.ok(r.text.startsWith('<|repo_name|>workspace\n'));
    const named = await compressor.compress({ files, budget: 3000, decoder: 'qwen2.5-coder-7b', repoName: 'my-project' });
    assert.ok(named.text.startsWith('<|repo_name|>my-project\n'));
    assert.match(r.text, /<\|file_sep\|>src\/engine\/[^\n]+\.ts\n/);
    // A marker before kept code names the line the code resumes at: that line follows it, as in the source.
    let numbered = 0;
    for (const section of r.text.split('<|file_sep|>').slice(1)) {
      const [path, ...rest] = section.split('\n');
      const source = files.find((f) => f.path === path)?.text.split('\n') ?? [];
      rest.forEach((line, k) => {
        const m = /^⋮L(\d+)$/.exec(line);
        if (!m) return;
        numbered++;
        assert.equal(rest[k + 1], source[Number(m[1]) - 1], `${path}: the line after ${line} is not line ${m[1]}`);
      });
    }
    assert.ok(numbered > 0, r.text);
    // Every slot's recorded range lies inside its file.
    for (const s of r.slots) {
      const f = files.find((x) => x.path === s.path);
      assert.ok(f && s.startLine >= 1 && s.endLine <= f.text.split('\n').length);
    }
  });

  it('slots of a file partition it in order', async () => {
    const r = await compressor.compress({ files, budget: 3000, decoder: 'qwen2.5-coder-7b' });
    for (const f of files) {
      const mine = r.slots.filter((s) => s.path === f.path);
      assert.equal(mine[0]?.startLine, 1);
      for (let i = 1; i < mine.length; i++) assert.equal(mine[i]?.startLine, (mine[i - 1]?.endLine ?? 0) + 1);
    }
  });

  it('handles empty, blank, unknown-language, broken and huge inputs', async () => {
    const inputs: SourceFile[] = [
      { path: 'empty.ts', text: '' },
      { path: 'blank.py', text: '\n\n   \n' },
      { path: 'notes.unknownext', text: 'para one\nline two\n\npara two\n' },
      { path: 'broken.ts', text: 'function f( {\n  return 1\n}}}\nclass {\n' },
      { path: 'huge.js', text: 'const x = [' + '1,'.repeat(200_000) + '];\n' },
      { path: 'weird.rs', text: 'fn ünïcode() -> &str { "😀" }\n' },
    ];
    const r = await compressor.compress({ files: inputs, budget: 500, decoder: 'qwen2.5-coder-7b' });
    assert.ok(counter.count(r.text) <= 500);
    assert.ok(r.warnings.some((w) => w.code === 'parse-errors' && w.path === 'broken.ts'));
  });

  it('does not warn about a one-line parse error (syntax newer than the grammar) that changes no unit', async () => {
    const text = 'export type * from "./types";\nexport { a } from "./a";\n\nexport function f(x: number): number {\n  const y = x * 2;\n  return y + 1;\n}\n';
    const r = await compressor.compress({ files: [{ path: 'index.ts', text }], budget: 500, decoder: 'qwen2.5-coder-7b' });
    assert.deepEqual(r.warnings.filter((w) => w.code === 'parse-errors'), []);
    assert.ok(r.slots.some((s) => s.name === 'f' && s.kind === 'function'), 'the function after the error is a unit of its own');
  });

  it('produces no context from no files', async () => {
    const r = await compressor.compress({ files: [], budget: 500, decoder: 'qwen2.5-coder-7b' });
    assert.equal(r.text, '');
    assert.equal(r.stats.compressedTokens, 0);
  });

  it('rejects a bad budget and an unknown decoder with messages that say what to do', async () => {
    await assert.rejects(compressor.compress({ files, budget: 0, decoder: 'qwen2.5-coder-7b' }), InvalidBudgetError);
    await assert.rejects(compressor.compress({ files, budget: 1.5, decoder: 'qwen2.5-coder-7b' }), InvalidBudgetError);
    await assert.rejects(compressor.compress({ files, budget: 100, decoder: 'no-such-model' }), /Unknown decoder "no-such-model"\. Known decoders: qwen2\.5-coder/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(compressor.compress({ files, budget: 1000, decoder: 'qwen2.5-coder-7b' }, controller.signal), CancelledError);
  });

  it('accepts model names as a server reports them', async () => {
    const r = await compressor.compress({ files: files.slice(0, 3), budget: 1000, decoder: 'qwen2.5-coder:1.5b' });
    assert.equal(r.stats.decoder, 'qwen2.5-coder-1.5b');
  });

  it('reports time per stage', async () => {
    const r = await compressor.compress({ files, budget: 1000, decoder: 'qwen2.5-coder-7b' });
    const t = r.stats.timingsMs;
    for (const stage of ['segment', 'tokenize', 'plan', 'render', 'total'] as const) assert.ok(t[stage] >= 0);
    assert.ok(t.total >= t.segment + t.tokenize + t.plan + t.render - 1);
  });
});
