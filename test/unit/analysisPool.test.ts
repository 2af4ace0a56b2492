import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Compressor } from '../../src/engine';
import type { CompressRequest, CompressResult, SourceFile } from '../../src/engine';
import { BuiltinEncoder } from '../../src/engine/encoder/builtinEncoder';
import { AnalysisPool } from '../../src/engine/pool/analysisPool';
import { findSecrets } from '../../src/engine/secrets/redact';
import { loadTokenCounter } from '../../src/engine/tokenize/tokenCounter';
import { fakeSecretCorpus, leaked } from './helpers/fakeSecrets';

const root = path.resolve(__dirname, '../../..');
const assets = {
  wasmDir: path.join(root, 'dist/assets/wasm'),
  tokenizersDir: path.join(root, 'dist/assets/tokenizers'),
  encoders: { builtinDir: path.join(root, 'dist/assets/models/builtin'), repoRoot: root },
};
const worker = path.join(root, 'dist/analysisWorker.js');
const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** Real code in every language the engine parses, and the engine's own sources: enough for the pool to start. */
function inputs(): SourceFile[] {
  const real = path.join(root, 'test/fixtures/real');
  const own = path.join(root, 'src/engine');
  const read = (dir: string, prefix: string): SourceFile[] =>
    readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => /\.(c|cpp|hpp|go|java|js|py|rs|tsx?|h)$/.test(f) && !f.endsWith('.min.js'))
      .sort()
      .map((f) => ({ path: `${prefix}/${f.split(path.sep).join('/')}`, text: readFileSync(path.join(dir, f), 'utf8') }));
  return [...read(real, 'real'), ...read(own, 'engine')];
}

function visible(r: CompressResult): string {
  const { timingsMs: _t, index: _i, ...stats } = r.stats;
  return JSON.stringify({ text: r.text, slots: r.slots, warnings: r.warnings, stats });
}

describe('Analysis in worker threads', () => {
  let files: SourceFile[];
  let tmp: string;
  before(() => {
    files = inputs();
    tmp = mkdtempSync(path.join(tmpdir(), 'ccc-pool-test-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives byte for byte the output of analysing in place, and fills the index as that does', async () => {
    const requests: CompressRequest[] = [
      { files, budget: 3000, decoder: 'qwen2.5-coder-7b', query: 'how is the budget kept' },
      { files, budget: 1500, decoder: 'qwen2.5-coder-7b', entropy: false },
    ];
    for (const [n, request] of requests.entries()) {
      const inPlace = new Compressor({ ...assets, index: { reuseResults: false } }, silent);
      const dir = path.join(tmp, `index-${n}`);
      const pooled = new Compressor({ ...assets, analysisWorker: worker, analysisWorkers: 2, analysisPoolFrom: 0, index: { dir, hostVersion: 'test', reuseResults: false } }, silent);
      try {
        const expected = visible(await inPlace.compress(request));
        const got = await pooled.compress(request);
        assert.equal(visible(got), expected, `request ${n}`);
        assert.equal(got.stats.index?.misses, files.length);
        assert.equal(got.stats.index?.inWorkers, files.length, 'every file was analysed by a worker');
        await pooled.flushIndex();
        // What the workers derived was kept: another process finds every file, density included.
        const warm = await new Compressor({ ...assets, index: { dir, hostVersion: 'test', reuseResults: false } }, silent).compress(request);
        assert.deepEqual([warm.stats.index?.hits, warm.stats.index?.misses], [files.length, 0], `request ${n}`);
        assert.equal(visible(warm), expected, `request ${n}, warm`);
      } finally {
        await pooled.dispose();
      }
    }
  });

  it('analyses a small input in place: starting workers would cost more than it saves', async () => {
    const c = new Compressor({ ...assets, analysisWorker: worker, analysisWorkers: 2 }, silent);
    try {
      const got = await c.compress({ files, budget: 2000, decoder: 'qwen2.5-coder-7b', entropy: false });
      assert.equal(got.stats.index?.misses, files.length);
      assert.equal(got.stats.index?.inWorkers, undefined, `${files.reduce((n, f) => n + f.text.length, 0)} characters`);
    } finally {
      await c.dispose();
    }
  });

  it('falls back to analysing in place when the workers cannot start', async () => {
    const broken = new Compressor({ ...assets, analysisWorker: path.join(tmp, 'no-such-worker.js'), analysisWorkers: 2, analysisPoolFrom: 0 }, silent);
    try {
      const request: CompressRequest = { files, budget: 2000, decoder: 'qwen2.5-coder-7b' };
      const expected = visible(await new Compressor(assets, silent).compress(request));
      const got = await broken.compress(request);
      assert.equal(visible(got), expected);
      assert.equal(got.stats.index?.inWorkers, undefined);
    } finally {
      await broken.dispose();
    }
  });

  it('stops its workers once idle for the time it is given (0 for a one-request host), and starts them again for more work', async () => {
    const init = { wasmDir: assets.wasmDir, tokenizersDir: assets.tokenizersDir, tokenizer: 'qwen2.5' };
    const oneShot = new AnalysisPool({ script: worker, init, size: 2, idleMs: 0 });
    const kept = new AnalysisPool({ script: worker, init, size: 2 });
    const stopped = async (pool: AnalysisPool): Promise<boolean> => {
      for (let waited = 0; waited < 2000 && pool.running > 0; waited += 20) await new Promise((r) => setTimeout(r, 20));
      return pool.running === 0;
    };
    try {
      for (const pool of [oneShot, kept]) await Promise.all(files.slice(0, 4).map((f) => pool.analyse(f.text, 'typescript', false)));
      assert.equal(await stopped(oneShot), true, 'idle workers of a one-request host stop at once');
      assert.equal(kept.running, 2, 'by default idle workers wait for the next request');
      const again = await oneShot.analyse(files[0]?.text ?? '', 'typescript', false);
      assert.ok(again && again.units.length > 0);
      assert.equal(await stopped(oneShot), true);
    } finally {
      await Promise.all([oneShot.dispose(), kept.dispose()]);
    }
  });

  it('scores density and encodes in the workers with the model and tokenizer tables the host hands over, without reading their own', async () => {
    const model = await new BuiltinEncoder(assets.encoders.builtinDir).sharedModel();
    const bpe = (await loadTokenCounter(assets.tokenizersDir, 'qwen2.5')).sharedBpe?.();
    const base = { wasmDir: assets.wasmDir, tokenizersDir: assets.tokenizersDir, tokenizer: 'qwen2.5' };
    const noModelHere = path.join(tmp, 'no-model-here');
    const own = new AnalysisPool({ script: worker, init: { ...base, builtinDir: assets.encoders.builtinDir }, size: 1 });
    // The model and the BPE tables handed over; the tokenizer folder holds no merges file, the model folder no model.
    const noMerges = path.join(tmp, 'tokenizers-without-merges');
    mkdirSync(path.join(noMerges, 'qwen2.5'), { recursive: true });
    copyFileSync(path.join(assets.tokenizersDir, 'qwen2.5/bpe-meta.json'), path.join(noMerges, 'qwen2.5/bpe-meta.json'));
    const handed = new AnalysisPool({ script: worker, init: { ...base, tokenizersDir: noMerges, builtinDir: noModelHere, builtinModel: model, ...(bpe ? { bpe } : {}) }, size: 1 });
    const without = new AnalysisPool({ script: worker, init: { ...base, builtinDir: noModelHere }, size: 1 });
    try {
      for (const f of files.filter((x) => x.path.endsWith('.ts')).slice(0, 12)) {
        const expected = await own.analyse(f.text, 'typescript', true);
        assert.ok(expected?.density?.length, f.path);
        assert.deepEqual(await handed.analyse(f.text, 'typescript', true), expected, f.path);
      }
      // The folder holds no model: a worker that had to read its own fails the job (the host then analyses it).
      await assert.rejects(without.analyse(files[0]!.text, 'typescript', true), /model/);
    } finally {
      await Promise.all([own.dispose(), handed.dispose(), without.dispose()]);
    }
  });

  it('scans for secrets on a worker with the findings of a scan in place', async () => {
    const pool = new AnalysisPool({ script: worker, init: { wasmDir: assets.wasmDir, tokenizersDir: assets.tokenizersDir, tokenizer: 'qwen2.5' }, size: 2 });
    try {
      const cases = [...fakeSecretCorpus(), ...files.slice(0, 20)];
      const found = await Promise.all(cases.map((c) => pool.findSecrets(c.text, c.path)));
      let secrets = 0;
      for (const [i, c] of cases.entries()) {
        const expected = await findSecrets(c.text, c.path);
        assert.deepEqual(found[i], expected, c.path);
        secrets += expected.length;
      }
      assert.ok(secrets >= 50, `${secrets} findings`);
    } finally {
      await pool.dispose();
    }
  });

  it('keeps idle workers while held, and stops them once released (idle time 0)', async () => {
    const pool = new AnalysisPool({ script: worker, init: { wasmDir: assets.wasmDir, tokenizersDir: assets.tokenizersDir, tokenizer: 'qwen2.5' }, size: 2, idleMs: 0 });
    const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));
    try {
      const release = pool.hold();
      await Promise.all(files.slice(0, 4).map((f) => pool.findSecrets(f.text, f.path)));
      await settle();
      assert.equal(pool.running, 2, 'held: the idle workers stay');
      release();
      release(); // a second call is a no-op, not a second release
      await settle();
      assert.equal(pool.running, 0, 'released: idle workers stop at once');
    } finally {
      await pool.dispose();
    }
  });

  it('scans a first build\'s files for secrets on the workers, with the output of a scan in place', async () => {
    const corpus = fakeSecretCorpus(7);
    const withSecrets = [...files, ...corpus.map((c) => ({ path: `secrets/${c.path}`, text: c.text }))];
    const request: CompressRequest = { files: withSecrets, budget: 200_000, decoder: 'qwen2.5-coder-7b' };
    const debug: string[] = [];
    const pooled = new Compressor({ ...assets, analysisWorker: worker, analysisWorkers: 2, analysisPoolFrom: 0, analysisWorkersIdleMs: 0 }, { ...silent, debug: (m: string) => debug.push(m) });
    try {
      const expected = visible(await new Compressor(assets, silent).compress(request));
      const got = await pooled.compress(request);
      assert.equal(visible(got), expected);
      assert.ok(debug.some((m) => /scanned on the analysis workers/.test(m)), debug.join('\n'));
      assert.equal(got.stats.index?.inWorkers, withSecrets.length, 'then analysed there');
      // The secrets' files are in the context (the budget holds everything), each secret as a marker.
      assert.ok((got.text.match(/«redacted:/g) ?? []).length >= corpus.length, 'markers in the context');
      for (const c of corpus) for (const secret of c.secrets) assert.ok(!leaked(got.text, secret), `${c.format}: ${secret}`);
    } finally {
      await pooled.dispose();
    }
  });

  it('drops the scans still queued when the request is cancelled mid-scan', async () => {
    // Many small files: scans queue up far beyond what two workers hold.
    const many = Array.from({ length: 400 }, (_, i) => ({ path: `gen/m${i}.ts`, text: `export const value${i} = ${i};\n`.repeat(40) }));
    const c = new Compressor({ ...assets, analysisWorker: worker, analysisWorkers: 2, analysisPoolFrom: 0 }, silent);
    try {
      const controller = new AbortController();
      const run = c.compress({ files: many, budget: 2000, decoder: 'qwen2.5-coder-7b' }, controller.signal);
      const pool = (): AnalysisPool | undefined => (c as unknown as { pool?: AnalysisPool }).pool;
      while (!pool()?.waiting) await new Promise((r) => setTimeout(r, 5));
      controller.abort();
      await assert.rejects(run, /cancel/i);
      assert.equal(pool()?.waiting, 0, 'no scan left queued');
    } finally {
      await c.dispose();
    }
  });

  it('lets a stopped pool fail its queued jobs instead of leaving them waiting', async () => {
    const pool = new AnalysisPool({ script: worker, init: { wasmDir: assets.wasmDir, tokenizersDir: assets.tokenizersDir, tokenizer: 'qwen2.5' }, size: 1 });
    const settled = Promise.allSettled(files.slice(0, 6).map((f) => pool.analyse(f.text, 'typescript', false)));
    await pool.dispose();
    assert.ok((await settled).every((s) => s.status === 'rejected'));
  });
});
