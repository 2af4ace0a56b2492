// Ranking facts worked out ahead (prepareRanking.ts) must go on where a stop left them and change no result.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineAssets, realFixtures } from './helpers/assets';
import { Compressor } from '../../src/engine';
import { silentLogger, type SourceFile, type Unit } from '../../src/engine/types';
import { prepareRanking } from '../../src/engine/relevance/prepareRanking';

const assets = engineAssets();

function fixtures(): SourceFile[] {
  return realFixtures(/\.(go|java|py|rs|ts)$/);
}

function units(n: number): Unit[] {
  return Array.from({ length: n }, (_, i) => ({ kind: 'function', name: `f${i}`, startLine: i + 1, endLine: i + 1, text: `function f${i}() { return g${i % 7}(h); }`, depth: 0 }));
}

describe('ranking prepared ahead', () => {
  it('works through every pending unit, and a stopped run leaves the rest pending', async () => {
    const all = units(500);
    const stopped = new AbortController();
    stopped.abort();
    const pending = new Set(all);
    await prepareRanking(pending, stopped.signal);
    assert.equal(pending.size, all.length, 'a stopped preparation did work');
    await prepareRanking(pending, new AbortController().signal);
    assert.equal(pending.size, 0);
  });

  it('does not start when a request paused it while it read the index; the next call prepares those units', async () => {
    const files = fixtures();
    const c = new Compressor({ ...assets, index: { hostVersion: 'test' } }, silentLogger);
    await c.compress({ files, budget: 1500, decoder: 'qwen2.5-coder-7b' });
    const preparing = c.prepareRanking(files, 'qwen2.5-coder-7b');
    c.pauseBackgroundWork(); // a request arrives while the index's records are being read
    await preparing;
    assert.ok(c.rankingPending > 0, 'the preparation ran although a request had paused it');
    await c.prepareRanking([], 'qwen2.5-coder-7b'); // the host's next call, once the request is over
    assert.equal(c.rankingPending, 0);
  });

  it('changes no result: the same text with and without it, and the next compression runs normally', async () => {
    const files = fixtures();
    const first = files[0];
    assert.ok(first);
    const request = { files, budget: 1500, decoder: 'qwen2.5-coder-7b', query: first.text.slice(0, 600), pinned: [{ path: first.path, startLine: 1, endLine: 2 }] };
    const plain = await new Compressor(assets, silentLogger).compress(request);
    const prepared = new Compressor({ ...assets, index: { hostVersion: 'test' } }, silentLogger);
    await prepared.compress({ ...request, budget: 1400 });
    await prepared.prepareRanking(files, request.decoder);
    const after = await prepared.compress(request);
    assert.equal(after.text, plain.text);
  });
});
