import assert from 'node:assert/strict';
import { promises as fsp, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Compressor } from '../../src/engine';
import type { CompressRequest, CompressResult, Logger, SourceFile } from '../../src/engine';
import type { IndexOptions } from '../../src/engine/index/analysisIndex';
import type { StoreIo } from '../../src/engine/index/diskStore';
import { encodeRecord, type FileRecord } from '../../src/engine/index/record';

const root = path.resolve(__dirname, '../../..');
const assets = {
  wasmDir: path.join(root, 'dist/assets/wasm'),
  tokenizersDir: path.join(root, 'dist/assets/tokenizers'),
  encoders: { builtinDir: path.join(root, 'dist/assets/models/builtin'), repoRoot: root },
};

/** Real code in every language the engine parses (test/fixtures/real), plus a few of the engine's own files. */
function fixtures(): SourceFile[] {
  const dir = path.join(root, 'test/fixtures/real');
  const real = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(c|cpp|hpp|go|java|js|py|rs|tsx?|h)$/.test(f) && !f.endsWith('.min.js'))
    .sort()
    .map((f) => ({ path: f.split(path.sep).join('/'), text: readFileSync(path.join(dir, f), 'utf8') }));
  const own = ['src/engine/plan/planner.ts', 'src/engine/render/render.ts'].map((f) => ({ path: f, text: readFileSync(path.join(root, f), 'utf8') }));
  return [...real, ...own];
}

/** A logger that keeps what it was told, to check that a fault is reported once. */
function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, debug() {}, error: (m) => warnings.push(m), warn: (m) => warnings.push(m) };
}

/** A result as the user sees it: everything but the timings and the index's own counts. */
function visible(r: CompressResult): string {
  const { timingsMs: _t, index: _i, conditionalPerplexity, ...stats } = r.stats;
  return JSON.stringify({ text: r.text, slots: r.slots, warnings: r.warnings, stats, cp: conditionalPerplexity?.units });
}

function withIndex(dir: string, extra: Partial<IndexOptions> = {}, log: Logger = recordingLogger()): Compressor {
  // Results are not reused here: these tests are about the analyses under them (the result cache has its own below).
  return new Compressor({ ...assets, index: { dir, hostVersion: 'test', reuseResults: false, ...extra } }, log);
}

/** Every record file under an index folder. */
async function records(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await fsp.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name.endsWith('.rec')) out.push(p);
    }
  };
  await walk(dir);
  return out.sort();
}

/** A deterministic pseudo-random sequence (a test that edits "random" files must fail the same way twice). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('Analysis index', () => {
  let files: SourceFile[];
  let tmp: string;
  const requests = (fs: readonly SourceFile[]): CompressRequest[] => {
    const target = fs.find((f) => f.path.endsWith('planner.ts'));
    const snippet = target?.text.split('\n').slice(120, 128).join('\n');
    return [
      { files: fs, budget: 1000, decoder: 'qwen2.5-coder-7b' },
      { files: fs, budget: 4000, decoder: 'qwen2.5-coder-7b', query: 'how are omitted lines marked' },
      { files: fs, budget: 3000, decoder: 'qwen2.5-coder-7b', ...(snippet ? { query: snippet } : {}) },
      { files: fs, budget: 2000, decoder: 'qwen2.5-coder-7b', entropy: false },
    ];
  };

  before(() => {
    files = fixtures();
    tmp = mkdtempSync(path.join(tmpdir(), 'ccc-index-test-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives the same output without the index, cold and warm, in memory and from disk', async () => {
    const dir = path.join(tmp, 'same');
    const plain = new Compressor(assets, recordingLogger());
    const cold = withIndex(dir);
    for (const request of requests(files)) {
      const expected = visible(await plain.compress(request));
      const c = await cold.compress(request);
      assert.equal(visible(c), expected, 'cold');
      await cold.flushIndex();
      // The same compressor (memory) and a new one (disk only), as the extension and the CLI read it.
      const warmMemory = await cold.compress(request);
      assert.equal(visible(warmMemory), expected, 'warm, in memory');
      // Records read through the thread pool (the extension) and with blocking reads (the CLI).
      for (const syncReads of [false, true]) {
        const warmDisk = await withIndex(dir, { syncReads }).compress(request);
        assert.equal(visible(warmDisk), expected, `warm, from disk${syncReads ? ', blocking reads' : ''}`);
        assert.equal(warmDisk.stats.index?.misses, 0, 'a warm run analyses nothing again');
        assert.equal(warmDisk.stats.index?.hits, files.length);
      }
    }
  });

  it('analyses again only the files edited between runs, with the output of a run without it', async () => {
    const dir = path.join(tmp, 'edits');
    const random = lcg(16);
    let current = files.map((f) => ({ ...f }));
    await withIndex(dir).compress({ files: current, budget: 2000, decoder: 'qwen2.5-coder-7b' });
    for (let round = 0; round < 4; round++) {
      const edited = new Set<number>();
      for (let k = 0; k < 3; k++) edited.add(Math.floor(random() * current.length));
      current = current.map((f, i) => {
        if (!edited.has(i)) return f;
        const lines = f.text.split('\n');
        const at = Math.floor(random() * lines.length);
        // Insert a line, delete one, or change one: each moves or reshapes units.
        const op = Math.floor(random() * 3);
        if (op === 0) lines.splice(at, 0, `// edited in round ${round}`);
        else if (op === 1) lines.splice(at, 1);
        else lines[at] = `${lines[at] ?? ''} // changed`;
        return { ...f, text: lines.join('\n') };
      });
      const request: CompressRequest = { files: current, budget: 1500 + round * 1000, decoder: 'qwen2.5-coder-7b', query: 'errors stack timer' };
      const expected = visible(await new Compressor(assets, recordingLogger()).compress(request));
      const indexed = withIndex(dir);
      const got = await indexed.compress(request);
      await indexed.flushIndex();
      assert.equal(visible(got), expected, `round ${round}`);
      assert.equal(got.stats.index?.misses, edited.size, `round ${round}: only the edited files are analysed`);
    }
  });

  it('re-derives only the pinned file when pinning re-cuts its units, and never stores that cut', async () => {
    const dir = path.join(tmp, 'pinned');
    // Three lines in the middle of the largest function of the fixtures, at a budget too small for all of it:
    // pinning splits it.
    const probe = await new Compressor(assets, recordingLogger()).compress({ files, budget: 1000, decoder: 'qwen2.5-coder-7b', entropy: false });
    const largest = probe.slots.filter((s) => s.kind === 'function' || s.kind === 'method').sort((a, b) => b.originalTokens - a.originalTokens)[0];
    assert.ok(largest && largest.endLine - largest.startLine > 10);
    const target = files.find((f) => f.path === largest.path);
    assert.ok(target);
    const at = Math.floor((largest.startLine + largest.endLine) / 2);
    const pinned = [{ path: target.path, startLine: at, endLine: at + 2 }];
    const budget = Math.max(64, Math.floor(largest.originalTokens / 2));
    const request: CompressRequest = { files, budget, decoder: 'qwen2.5-coder-7b', pinned };
    const expected = visible(await new Compressor(assets, recordingLogger()).compress(request));
    const first = withIndex(dir);
    const cut = await first.compress(request);
    assert.equal(visible(cut), expected);
    assert.ok(cut.slots.some((s) => s.pinned && s.path === target.path && s.startLine > largest.startLine), 'the pinned function was not split');
    await first.flushIndex();
    const again = await withIndex(dir).compress(request);
    assert.equal(visible(again), expected);
    // Only the pinned file is analysed again: its cut depends on the region, every other file is a hit.
    assert.equal(again.stats.index?.misses, 1);
    assert.equal(again.stats.index?.hits, files.length - 1);
    // Unpinned, the same index gives the unpinned output: the re-cut units were not stored.
    const plain: CompressRequest = { files, budget, decoder: 'qwen2.5-coder-7b' };
    assert.equal(visible(await withIndex(dir).compress(plain)), visible(await new Compressor(assets, recordingLogger()).compress(plain)));
  });

  for (const syncReads of [false, true]) it(`detects a damaged record and a foreign file, reports it once, and rebuilds them${syncReads ? ' (blocking reads)' : ''}`, async () => {
    const dir = path.join(tmp, `corrupt-${syncReads}`);
    const request: CompressRequest = { files, budget: 2000, decoder: 'qwen2.5-coder-7b', query: 'stack' };
    const first = withIndex(dir);
    const expected = visible(await first.compress(request));
    await first.flushIndex();
    const recs = await records(dir);
    assert.ok(recs.length >= 3);
    const [a, b, c] = recs as [string, string, string];
    // A flipped byte in the body, a body cut short (a writer killed without the rename), a file from elsewhere.
    const damaged = await fsp.readFile(a, 'utf8');
    await fsp.writeFile(a, damaged.replace(/"verbatim":(\d)/, (_m, d: string) => `"verbatim":${(Number(d) + 1) % 10}`));
    await fsp.writeFile(b, (await fsp.readFile(b, 'utf8')).slice(0, 200));
    await fsp.writeFile(c, JSON.stringify({ hello: 'world' }));
    const log = recordingLogger();
    const second = withIndex(dir, { syncReads }, log);
    const got = await second.compress(request);
    await second.flushIndex();
    assert.equal(visible(got), expected);
    assert.equal(got.stats.index?.misses, 3);
    assert.equal(log.warnings.filter((w) => w.includes('damaged or foreign')).length, 1, log.warnings.join('\n'));
    // Rebuilt: a third run finds every file again.
    const third = await withIndex(dir).compress(request);
    assert.equal(third.stats.index?.misses, 0);
  });

  it('keeps each record\'s ranking facts, and takes a record whose facts do not fit its units for a foreign one', async () => {
    const dir = path.join(tmp, 'facts');
    const request: CompressRequest = { files, budget: 2000, decoder: 'qwen2.5-coder-7b', query: 'stack push pop' };
    const expected = visible(await new Compressor(assets, recordingLogger()).compress(request));
    const first = withIndex(dir);
    assert.equal(visible(await first.compress(request)), expected);
    await first.flushIndex();
    const recs = await records(dir);
    const texts = await Promise.all(recs.map((r) => fsp.readFile(r, 'utf8')));
    assert.ok(texts.every((t) => t.includes('"facts":{"words":')), 'a record without ranking facts');
    // A record rewritten, checksum and all, with one unit's facts too few: well-formed but not of its file.
    const [file, text] = [recs[0], texts[0]] as [string, string];
    const magicEnd = text.indexOf('\n') + 1;
    const record = JSON.parse(text.slice(text.indexOf('\n', magicEnd) + 1)) as FileRecord;
    assert.ok(record.facts);
    await fsp.writeFile(file, encodeRecord({ ...record, facts: { ...record.facts, units: record.facts.units.slice(1) } }));
    const log = recordingLogger();
    const second = withIndex(dir, {}, log);
    const got = await second.compress({ ...request, budget: 2001 });
    await second.flushIndex();
    assert.equal(visible(got), visible(await new Compressor(assets, recordingLogger()).compress({ ...request, budget: 2001 })));
    assert.equal(got.stats.index?.misses, 1);
    assert.equal(log.warnings.filter((w) => w.includes('damaged or foreign')).length, 1, log.warnings.join('\n'));
  });

  it('survives two compressors writing the same index at once', async () => {
    const dir = path.join(tmp, 'race');
    const request: CompressRequest = { files, budget: 2500, decoder: 'qwen2.5-coder-7b' };
    const expected = visible(await new Compressor(assets, recordingLogger()).compress(request));
    const [x, y] = [withIndex(dir), withIndex(dir)];
    const [rx, ry] = await Promise.all([x.compress(request), y.compress(request)]);
    await Promise.all([x.flushIndex(), y.flushIndex()]);
    assert.equal(visible(rx), expected);
    assert.equal(visible(ry), expected);
    const log = recordingLogger();
    const z = await withIndex(dir, {}, log).compress(request);
    assert.equal(visible(z), expected);
    assert.equal(z.stats.index?.misses, 0);
    assert.deepEqual(log.warnings, []);
  });

  it('goes on without writing when the disk is full, says so once, and leaves no partial record', async () => {
    const dir = path.join(tmp, 'full');
    let budgetBytes = 20_000;
    // A disk with 20 kB free: writes past that fail as a full disk does (ENOSPC), after writing part of the file.
    const io: StoreIo = {
      ...fsp,
      writeFile: async (file, data, options) => {
        const text = String(data);
        if (text.length > budgetBytes) {
          await fsp.writeFile(file, text.slice(0, budgetBytes), options);
          budgetBytes = 0;
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        }
        budgetBytes -= text.length;
        return fsp.writeFile(file, data, options);
      },
    };
    const request: CompressRequest = { files, budget: 2000, decoder: 'qwen2.5-coder-7b' };
    const expected = visible(await new Compressor(assets, recordingLogger()).compress(request));
    const log = recordingLogger();
    const full = withIndex(dir, { io }, log);
    assert.equal(visible(await full.compress(request)), expected);
    await full.flushIndex();
    assert.equal(log.warnings.filter((w) => w.includes('disk is full')).length, 1, log.warnings.join('\n'));
    const leftovers = (await fsp.readdir(dir, { recursive: true })).map(String).filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
    // What was written is whole: the next run (with room) uses it and analyses the rest.
    const next = await withIndex(dir).compress(request);
    assert.equal(visible(next), expected);
    assert.ok((next.stats.index?.hits ?? 0) > 0 && (next.stats.index?.misses ?? 0) > 0, JSON.stringify(next.stats.index));
  });

  it('keeps the folder under its size cap, the least recently used records going first', async () => {
    const dir = path.join(tmp, 'cap');
    const sizeOf = async (): Promise<number> => (await Promise.all((await records(dir)).map((f) => fsp.stat(f)))).reduce((n, s) => n + s.size, 0);
    const half = Math.floor(files.length / 2);
    // The first half indexed an hour ago and not used since; then the second half, under a cap below both halves.
    const first = withIndex(dir);
    await first.compress({ files: files.slice(0, half), budget: 2000, decoder: 'qwen2.5-coder-7b' });
    await first.flushIndex();
    const old = await records(dir);
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const f of old) await fsp.utimes(f, hourAgo, hourAgo);
    const oldSize = await sizeOf();
    const cap = Math.floor(oldSize * 1.2);
    const capped = withIndex(dir, { maxBytes: cap });
    await capped.compress({ files: files.slice(half), budget: 2000, decoder: 'qwen2.5-coder-7b' });
    await capped.flushIndex();
    const left = await records(dir);
    assert.ok((await sizeOf()) <= cap, `${await sizeOf()} > ${cap}`);
    assert.ok(left.length > 0, 'the sweep removed everything');
    assert.ok(old.every((f) => !left.includes(f)), 'the least recently used records were not the ones removed first');
  });

  it('marks a record used when it is read after an hour, and leaves one read within the hour alone', async () => {
    const dir = path.join(tmp, 'touch');
    const some = files.slice(0, 4);
    const first = withIndex(dir);
    await first.compress({ files: some, budget: 2000, decoder: 'qwen2.5-coder-7b' });
    await first.flushIndex();
    const [stale, ...fresh] = await records(dir);
    assert.ok(stale && fresh.length > 0);
    const twoHoursAgo = new Date(Date.now() - 7_200_000);
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    await fsp.utimes(stale, twoHoursAgo, twoHoursAgo);
    for (const f of fresh) await fsp.utimes(f, tenMinutesAgo, tenMinutesAgo);
    const again = withIndex(dir);
    const r = await again.compress({ files: some, budget: 2000, decoder: 'qwen2.5-coder-7b' });
    assert.equal(r.stats.index?.misses, 0);
    await again.flushIndex();
    // The touch is not awaited by the read: give it up to 5 s on a loaded machine.
    const touched = async (): Promise<boolean> => (await fsp.stat(stale)).mtimeMs > Date.now() - 60_000;
    for (let i = 0; i < 100 && !(await touched()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(await touched(), 'the stale record was marked used');
    // (mtimeMs is a float: the time set comes back within a millisecond.)
    for (const f of fresh) assert.ok(Math.abs((await fsp.stat(f)).mtimeMs - tenMinutesAgo.getTime()) < 1, 'a record used within the hour is not written');
  });

  it('analyses everything again when the host version changes, and rescores only density for another encoder', async () => {
    const dir = path.join(tmp, 'keys');
    const request: CompressRequest = { files, budget: 2000, decoder: 'qwen2.5-coder-7b', entropy: false };
    const first = withIndex(dir);
    await first.compress(request);
    await first.flushIndex();
    const other = await withIndex(dir, { hostVersion: 'another' }).compress(request);
    assert.equal(other.stats.index?.misses, files.length);
    // Units and counts were stored without density: with the encoder, they are hits and only density is scored.
    const scored: CompressRequest = { ...request, entropy: true };
    const withEncoder = withIndex(dir);
    const r = await withEncoder.compress(scored);
    assert.equal(r.stats.index?.misses, 0);
    assert.equal(visible(r), visible(await new Compressor(assets, recordingLogger()).compress(scored)));
  });
});

describe('Result cache', () => {
  let files: SourceFile[];
  let tmp: string;
  const cached = (dir: string, log: Logger = recordingLogger(), hostVersion = 'test'): Compressor => new Compressor({ ...assets, index: { dir, hostVersion } }, log);
  const request = (fs: readonly SourceFile[], extra: Partial<CompressRequest> = {}): CompressRequest => ({ files: fs, budget: 2000, decoder: 'qwen2.5-coder-7b', query: 'how are omitted lines marked', ...extra });

  before(() => {
    files = fixtures();
    tmp = mkdtempSync(path.join(tmpdir(), 'ccc-results-test-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('answers the same request again with the stored result, the same as compressing anew', async () => {
    const dir = path.join(tmp, 'same');
    const first = cached(dir);
    const expected = visible(await new Compressor(assets, recordingLogger()).compress(request(files)));
    const a = await first.compress(request(files));
    assert.equal(a.stats.index?.reused, undefined);
    await first.flushIndex();
    // Another process (disk) and the same one (memory).
    for (const c of [cached(dir), first]) {
      const b = await c.compress(request(files));
      assert.equal(b.stats.index?.reused, true);
      assert.deepEqual([b.stats.index?.hits, b.stats.index?.misses], [files.length, 0]);
      assert.equal(visible(b), expected);
    }
  });

  it('writes the stored result after the request, not during it: in memory at once, on disk at flushIndex', async () => {
    const dir = path.join(tmp, 'later');
    const c = cached(dir);
    const a = await c.compress(request(files));
    // The write waits for its delay (a host shows the result first): nothing on disk yet.
    const stored = (): string[] => readdirSync(path.join(dir, 'results-v2'), { withFileTypes: true }).filter((e) => e.name.endsWith('.json')).map((e) => e.name);
    assert.deepEqual(await fsp.readdir(path.join(dir, 'results-v2')).catch(() => []), []);
    const again = await c.compress(request(files));
    assert.equal(again.stats.index?.reused, true, 'the same request again, from memory');
    await c.flushIndex();
    assert.equal(stored().length, 1);
    assert.equal(visible((await cached(dir).compress(request(files))) as CompressResult), visible(a), 'another process reads it from disk');
    // A compressor disposed of (a background process leaving, the extension deactivated) writes what waits first.
    const other = cached(dir);
    await other.compress(request(files, { budget: 1500 }));
    await other.dispose();
    assert.equal(stored().length, 2);
  });

  it('compresses anew when anything that changes the result changes', async () => {
    const dir = path.join(tmp, 'changes');
    const c = cached(dir);
    await c.compress(request(files));
    await c.flushIndex();
    const edited = files.map((f, i) => (i === 3 ? { ...f, text: `${f.text}\n// one more line\n` } : f));
    const renamed = files.map((f, i) => (i === 3 ? { ...f, path: `moved/${f.path}` } : f));
    const variants: [string, CompressRequest][] = [
      ['an edited file', request(edited)],
      ['a renamed file', request(renamed)],
      ['a file less', request(files.slice(1))],
      ['another budget', request(files, { budget: 2001 })],
      ['another question', request(files, { query: 'how is the budget kept' })],
      ['no entropy', request(files, { entropy: false })],
      ['markdown', request(files, { style: 'markdown' })],
      ['a pinned region', request(files, { pinned: [{ path: files[0]?.path ?? '', startLine: 1, endLine: 2 }] })],
      ['a warning passed in', request(files, { priorWarnings: [{ code: 'skipped-file', message: 'x was skipped' }] })],
    ];
    for (const [what, r] of variants) {
      const got = await cached(dir).compress(r);
      assert.equal(got.stats.index?.reused, undefined, what);
      assert.equal(visible(got), visible(await new Compressor(assets, recordingLogger()).compress(r)), what);
    }
    const otherVersion = await cached(dir, recordingLogger(), 'test-2').compress(request(files));
    assert.equal(otherVersion.stats.index?.reused, undefined, 'another host version');
  });

  it('compresses anew when the encoder asked for in the settings changes, even when the same one stands in', async () => {
    const dir = path.join(tmp, 'preference');
    // What the settings say, read on every request (as the extension's preference is).
    const settings: { forced?: string } = {};
    const c = new Compressor({ ...assets, encoders: { ...assets.encoders, preference: () => ({ ...settings }) }, index: { dir, hostVersion: 'test' } }, recordingLogger());
    const first = await c.compress(request(files));
    assert.equal(first.stats.encoder?.id, 'builtin-code-ngram');
    settings.forced = 'qwen2.5-0.5b-instruct'; // not installed: the built-in encoder stands in, and the result says so
    const second = await c.compress(request(files));
    assert.equal(second.stats.index?.reused, undefined);
    assert.equal(second.stats.encoder?.id, 'builtin-code-ngram');
    assert.ok(second.warnings.some((w) => w.code === 'encoder-mismatch'), JSON.stringify(second.warnings));
  });

  it('reports a damaged stored result once and compresses anew', async () => {
    const dir = path.join(tmp, 'damaged');
    const c = cached(dir);
    const expected = visible(await c.compress(request(files)));
    await c.flushIndex();
    const folder = path.join(dir, 'results-v2');
    const [name] = readdirSync(folder).filter((n) => n.endsWith('.json'));
    assert.ok(name);
    const file = path.join(folder, name);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"compressedTokens":', '"compressedTokens":1'));
    const log = recordingLogger();
    const got = await cached(dir, log).compress(request(files));
    assert.equal(got.stats.index?.reused, undefined);
    assert.equal(visible(got), expected);
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0] ?? '', /damaged or foreign \(checksum mismatch\); compressing again/);
  });
});
