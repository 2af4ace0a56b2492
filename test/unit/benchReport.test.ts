import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitFrontier, standingTable } from '../../bench/completion/report';
import type { Row } from '../../bench/completion/run';

describe('benchmark report: the map + BM25 split frontier', () => {
  const bm25 = { sig: 0.1, body: 0.5 };
  const mix = { sig: 0.6, body: 0.4 };
  const map = { sig: 0.9, body: 0.0 };

  it('interpolates between the neighbouring splits', () => {
    assert.ok(Math.abs((splitFrontier([bm25, mix, map], 0.35) ?? NaN) - 0.45) < 1e-9);
    assert.ok(Math.abs((splitFrontier([bm25, mix, map], 0.75) ?? NaN) - 0.2) < 1e-9);
  });

  it('takes the upper envelope: a split that does better on both counts wins', () => {
    // The mix beats BM25 on bodies too: at any signature recall below the mix's, the mix itself is reachable.
    const better = { sig: 0.6, body: 0.7 };
    assert.equal(splitFrontier([bm25, better, map], 0.3), 0.7);
  });

  it('has nothing to offer beyond the best signature recall measured', () => {
    assert.equal(splitFrontier([bm25, mix, map], 0.95), undefined);
    assert.equal(splitFrontier([bm25, mix, map], 0.9), 0);
  });

  it('puts ours against the best baseline of each metric, not against the oracle', () => {
    const row = (method: string, signatureRecall: number, bodyRecall: number): Row => ({
      caseId: 'c', lang: 'ts', method, budget: 1000, tokens: 900, overBudget: false, signatureRecall, bodyRecall, querySurvives: true, ms: 1,
    });
    const text = standingTable([row('ours', 0.5, 0.45), row('bm25', 0.1, 0.5), row('mix50', 0.6, 0.4), row('repomap', 0.9, 0), row('oracle', 1, 1)], [1000]);
    const line = text.split('\n').at(-1) ?? '';
    assert.match(line, /50\.0 vs 90\.0 \(repomap\)/);
    assert.match(line, /45\.0 vs 50\.0 \(bm25\)/);
    // At 50% signatures the best split blends BM25 (10/50) and the 50% mix (60/40): 42%.
    assert.match(line, /45\.0 vs 42\.0 \|$/);
  });
});
