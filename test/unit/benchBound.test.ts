import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bestBodyWithSignatures, hindsightFrontier, ruledOutBy } from '../../bench/completion/bound';

describe('completion bound (hindsight split per case)', () => {
  // Case A: all signatures or all body. Case B: signatures cost it little body.
  const a = [{ sig: 0, body: 1 }, { sig: 1, body: 0 }];
  const b = [{ sig: 0, body: 0.2 }, { sig: 1, body: 0.1 }];

  it('lets every case take its best split for the weight of bodies', () => {
    const [onlySig, even, onlyBody] = hindsightFrontier([a, b], [0, 1, 100]);
    assert.deepEqual(onlySig, { lambda: 0, sig: 1, body: 0.05 });
    // λ = 1: A ties (1 either way) and takes the signatures; B takes them too (1.1 > 0.2).
    assert.deepEqual(even, { lambda: 1, sig: 1, body: 0.05 });
    assert.deepEqual(onlyBody, { lambda: 100, sig: 0, body: 0.6 });
  });

  it('rules out a corner beyond the frontier, and only such a corner', () => {
    const frontier = hindsightFrontier([a, b]);
    // Reachable: A bodies, B signatures gives 0.5 / 0.55.
    assert.equal(ruledOutBy(frontier, 0.5, 0.54), undefined);
    // Signatures above what any split keeps: ruled out with bodies ignored.
    assert.equal(ruledOutBy(frontier, 1.01, 0), 0);
    // 0.6 / 0.55 needs more of both than A's all-or-nothing choice allows.
    assert.ok((ruledOutBy(frontier, 0.6, 0.55) ?? 0) > 0);
    assert.equal(bestBodyWithSignatures(frontier, 0.5), 0.55);
    assert.equal(bestBodyWithSignatures(frontier, 1.01), undefined);
  });
});
