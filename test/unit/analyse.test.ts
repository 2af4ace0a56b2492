import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancelledError, Compressor } from '../../src/engine';
import type { CompressRequest, CompressResult, Logger, SourceFile } from '../../src/engine';

const root = path.resolve(__dirname, '../../..');
const assets = {
  wasmDir: path.join(root, 'dist/assets/wasm'),
  tokenizersDir: path.join(root, 'dist/assets/tokenizers'),
  encoders: { builtinDir: path.join(root, 'dist/assets/models/builtin'), repoRoot: root },
};
const quiet: Logger = { info() {}, debug() {}, warn() {}, error() {} };

/** Real code in every language the engine parses, a file with a secret (redacted before analysis) and one with a special token. */
function fixtures(): SourceFile[] {
  const dir = path.join(root, 'test/fixtures/real');
  const real = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(c|cpp|go|java|js|py|rs|tsx?)$/.test(f) && !f.endsWith('.min.js'))
    .sort()
    .map((f) => ({ path: f.split(path.sep).join('/'), text: readFileSync(path.join(dir, f), 'utf8') }));
  const secret = { path: 'config/settings.py', text: `DATABASE_URL = "postgres://admin:${'s3cr3tPassw0rd'}@db.internal:5432/app"\n\ndef connect():\n    return DATABASE_URL\n` };
  const special = { path: 'src/tokens.ts', text: `export const END = '<|endoftext|>';\n\nexport function isEnd(t: string): boolean {\n  return t === END;\n}\n` };
  return [...real, secret, special];
}

/** What a user sees of a result: everything but the timings and the index's counts. */
function visible(r: CompressResult): string {
  const { timingsMs: _t, index: _i, ...stats } = r.stats;
  return JSON.stringify({ text: r.text, slots: r.slots, warnings: r.warnings, stats });
}

describe('Compressor.analyse (background indexing)', () => {
  let files: SourceFile[];
  let tmp: string;
  before(() => {
    files = fixtures();
    tmp = mkdtempSync(path.join(tmpdir(), 'ccc-analyse-test-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('leaves every file analysed for the next compression, whose output is that of a compressor without an index', async () => {
    const dir = path.join(tmp, 'full');
    const indexed = new Compressor({ ...assets, index: { dir, hostVersion: 'test', reuseResults: false } }, quiet);
    const progress: number[] = [];
    const counts = await indexed.analyse({ files, decoder: 'qwen2.5-coder-7b', redactSecrets: true }, undefined, (done, total) => {
      assert.equal(total, files.length);
      progress.push(done);
    });
    assert.deepEqual(counts, { hits: 0, misses: files.length });
    assert.equal(progress.at(-1), files.length);
    assert.ok(progress.every((d, i) => i === 0 || d > (progress[i - 1] ?? 0)), 'progress only goes forward');
    await indexed.flushIndex();

    const request: CompressRequest = { files, budget: 3000, decoder: 'qwen2.5-coder-7b', query: 'connect to the database', redactSecrets: true };
    const expected = visible(await new Compressor(assets, quiet).compress(request));
    const warm = await indexed.compress(request);
    assert.deepEqual(warm.stats.index, { hits: files.length, misses: 0 }, 'the compression analysed a file again');
    assert.equal(visible(warm), expected);
    // From disk, as after a reload.
    const reloaded = await new Compressor({ ...assets, index: { dir, hostVersion: 'test', reuseResults: false } }, quiet).compress(request);
    assert.deepEqual(reloaded.stats.index, { hits: files.length, misses: 0 });
    assert.equal(visible(reloaded), expected);

    const again = await indexed.analyse({ files, decoder: 'qwen2.5-coder-7b', redactSecrets: true });
    assert.deepEqual(again, { hits: files.length, misses: 0 }, 'unchanged files are not analysed twice');
  });

  it('is keyed as compress is: another decoder tokenizer or redaction setting finds nothing', async () => {
    const indexed = new Compressor({ ...assets, index: { dir: path.join(tmp, 'keys'), hostVersion: 'test', reuseResults: false } }, quiet);
    await indexed.analyse({ files, decoder: 'qwen2.5-coder-7b', redactSecrets: false });
    const redacted = await indexed.compress({ files, budget: 2000, decoder: 'qwen2.5-coder-7b', redactSecrets: true });
    assert.deepEqual(redacted.stats.index, { hits: files.length - 1, misses: 1 }, 'only the file with a secret differs once redacted');
  });

  it('a cancellation keeps the steps finished before it: the index holds exactly what progress reported', async () => {
    const indexed = new Compressor({ ...assets, index: { dir: path.join(tmp, 'cancel'), hostVersion: 'test', reuseResults: false } }, quiet);
    const many = Array.from({ length: 3 }, (_, k) => files.map((f) => ({ ...f, text: `${f.text}\n// copy ${k}\n` }))).flat();
    const controller = new AbortController();
    let reported = 0;
    await assert.rejects(
      indexed.analyse({ files: many, decoder: 'qwen2.5-coder-7b' }, controller.signal, (done) => {
        reported = done;
        controller.abort();
      }),
      CancelledError,
    );
    assert.ok(reported > 0 && reported < many.length, `stopped after ${reported} of ${many.length}`);
    const next = await indexed.compress({ files: many, budget: 2000, decoder: 'qwen2.5-coder-7b' });
    assert.deepEqual(next.stats.index, { hits: reported, misses: many.length - reported });
  });
});
