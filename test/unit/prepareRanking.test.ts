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
    const preparing = c.prepareRanking({ files, decoder: 'qwen2.5-coder-7b' });
    c.pauseBackgroundWork(); // a request arrives while the index's records are being read
    await preparing;
    assert.ok(c.rankingPending > 0, 'the preparation ran although a request had paused it');
    await c.prepareRanking({ files: [], decoder: 'qwen2.5-coder-7b' }); // the host's next call, once the request is over
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
    await prepared.prepareRanking({ files, decoder: request.decoder });
    const after = await prepared.compress(request);
    assert.equal(after.text, plain.text);
  });

  it('rehearses a request with a query once, over files the index knows, and changes no result', async () => {
    const files = fixtures();
    const decoder = 'qwen2.5-coder-7b';
    const c = new Compressor({ ...assets, index: { hostVersion: 'test' } }, silentLogger);
    await c.prepareRanking({ files, decoder });
    assert.equal(c.rehearsed, false, 'rehearsed over files the index did not know');
    await c.compress({ files, budget: 1500, decoder }); // no query: nothing rehearsed by it
    assert.equal(c.rehearsed, false);
    await c.prepareRanking({ files, decoder });
    assert.equal(c.rehearsed, true);
    assert.equal(c.rankingPending, 0);
    const file = files.find((f) => f.text.split('\n').length > 80);
    assert.ok(file);
    const request = { files, budget: 2000, decoder, query: file.text.split('\n').slice(40, 70).join('\n'), pinned: [{ path: file.path, startLine: 71, endLine: 71 }] };
    const fresh = await new Compressor(assets, silentLogger).compress(request);
    assert.equal((await c.compress(request)).text, fresh.text);
  });

  it('a request stops the rehearsal or keeps it from starting; it runs with the next call; a planned query makes it needless', async () => {
    const files = fixtures();
    const decoder = 'qwen2.5-coder-7b';
    const said: string[] = [];
    let pauseOn: string | undefined;
    // A request arrives when the compressor says (in its log) that it is about to do something.
    const debug = (m: string): void => {
      said.push(m);
      if (pauseOn && m.startsWith(pauseOn)) c.pauseBackgroundWork();
    };
    const c: Compressor = new Compressor({ ...assets, index: { hostVersion: 'test' } }, { ...silentLogger, debug });
    await c.compress({ files, budget: 1500, decoder });
    // While it waits for requests to pause: the rehearsal does not start.
    pauseOn = 'Ranking prepared';
    await c.prepareRanking({ files, decoder });
    assert.ok(said.some((m) => m.startsWith('Ranking prepared')));
    assert.ok(!said.some((m) => m.startsWith('Rehearsing')), 'a rehearsal started although a request had come');
    // As it starts: it stops, and does not count as done.
    pauseOn = 'Rehearsing';
    await c.prepareRanking({ files, decoder });
    assert.ok(said.some((m) => m.startsWith('Rehearsing')));
    assert.equal(c.rehearsed, false, 'a stopped rehearsal counted as done');
    pauseOn = undefined;
    await c.prepareRanking({ files, decoder });
    assert.equal(c.rehearsed, true);

    const other = new Compressor({ ...assets, index: { hostVersion: 'test' } }, silentLogger);
    const first = files[0];
    assert.ok(first);
    await other.compress({ files, budget: 1500, decoder, query: first.text.slice(0, 400) });
    assert.equal(other.rehearsed, true, "a user's request with a query counts as the rehearsal");
  });
});
