// The result cache stores a result's slots as rows (resultCodec.ts): unpacked, the result must be the one packed to
// the byte as JSON — the CLI prints a stored result as it would print a fresh one — whatever keys each slot has.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineAssets, realFixtures } from './helpers/assets';
import { Compressor } from '../../src/engine';
import { silentLogger } from '../../src/engine/types';
import type { CompressResult } from '../../src/engine';
import { packResult, unpackResult } from '../../src/engine/index/resultCodec';

const assets = engineAssets();

async function realResult(): Promise<CompressResult> {
  const files = realFixtures(/\.(c|cpp|go|java|js|py|rs|ts)$/).map((f) => ({ ...f, uri: `file:///w/${f.path}` }));
  const first = files[0];
  assert.ok(first);
  return new Compressor(assets, silentLogger).compress({
    files,
    budget: 1500,
    decoder: 'qwen2.5-coder-7b',
    query: first.text.slice(0, 400),
    pinned: [{ path: first.path, startLine: 1, endLine: 3 }],
  });
}

describe('stored results (resultCodec)', () => {
  it('unpacks to the same JSON, byte for byte, and is much smaller', async () => {
    const result = await realResult();
    // The slots this test relies on: kept and omitted, pinned, with and without entropy, uri and name.
    assert.ok(result.slots.some((s) => s.pinned) && result.slots.some((s) => s.level === 'omitted') && result.slots.some((s) => s.level !== 'omitted' && !s.pinned));
    assert.ok(new Set(result.slots.map((s) => Object.keys(s).join())).size > 1, 'every slot has the same keys: shapes are not exercised');
    const packed = packResult(result);
    const stored = JSON.parse(JSON.stringify(packed)) as typeof packed;
    assert.equal(JSON.stringify(unpackResult(stored)), JSON.stringify(result));
    assert.ok(JSON.stringify(packed).length < 0.6 * JSON.stringify(result).length, `${JSON.stringify(packed).length} against ${JSON.stringify(result).length}`);
  });

  it('refuses rows that do not fit their tables', async () => {
    const packed = JSON.parse(JSON.stringify(packResult(await realResult())));
    const damaged = structuredClone(packed);
    damaged.rows[0].pop();
    assert.throws(() => unpackResult(damaged), /does not fit its shape/);
    const foreign = structuredClone(packed);
    foreign.rows[0][foreign.shapes[foreign.rows[0][0]].indexOf('path') + 1] = 1e9;
    assert.throws(() => unpackResult(foreign), /not stored/);
  });
});
