// Ranking facts stored in the index (storedFacts.ts) must give each unit exactly the words and references that
// splitting its text gives: ranking, and so every result, is the same whether a unit came from the index or not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadUnits, storeUnits } from '../../src/engine/index/record';
import { unitRefs } from '../../src/engine/relevance/references';
import { attachFacts, fileFacts, isFileFacts } from '../../src/engine/relevance/storedFacts';
import { unitWords } from '../../src/engine/relevance/unitWords';
import { languageOfPath } from '../../src/engine/segment/languages';
import { segmentFile } from '../../src/engine/segment/segmenter';
import { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import { assetPaths, realFixtures } from './helpers/assets';

describe('stored ranking facts', () => {
  it('give every unit of the real fixtures the words and references its text gives', async () => {
    const runtime = new TreeSitterRuntime(assetPaths().wasmDir);
    let compared = 0;
    for (const file of realFixtures(/\.[a-z]+$/)) {
      const { units } = await segmentFile(file.text, languageOfPath(file.path), runtime);
      const stored = storeUnits(units, file.text);
      if (!stored) continue;
      const facts = fileFacts(units);
      assert.ok(isFileFacts(JSON.parse(JSON.stringify(facts)), units.length));
      // Two fresh copies of the units, as two processes would load them: one splits texts, one reads the facts.
      const split = loadUnits(stored, file.text);
      const read = loadUnits(stored, file.text);
      attachFacts(read, JSON.parse(JSON.stringify(facts)));
      read.forEach((unit, i) => {
        const a = split[i];
        assert.ok(a);
        const [wa, wb] = [unitWords(a), unitWords(unit)];
        assert.deepEqual([[...wb.ids], [...wb.counts], wb.length], [[...wa.ids], [...wa.counts], wa.length], `${file.path} unit ${i}: words`);
        const [ra, rb] = [unitRefs(a), unitRefs(unit)];
        assert.deepEqual([[...rb.ids], [...rb.weights], rb.own], [[...ra.ids], [...ra.weights], ra.own], `${file.path} unit ${i}: references`);
        compared++;
      });
    }
    assert.ok(compared > 300, `only ${compared} units compared`);
  });

  it('are ignored when they do not fit the units, and refused by shape when malformed', () => {
    const units = loadUnits([{ kind: 'function', name: 'f', startLine: 1, endLine: 1, depth: 0, from: 0, to: 28 }], 'function fooBar() { baz(); }');
    attachFacts(units, { words: 'nothing', names: 'else', units: ['0.1;1;0.1', '0.1;1;0.1'] }); // two entries for one unit
    const unit = units[0];
    assert.ok(unit);
    assert.equal(unitWords(unit).length, 4); // function, foo, bar, baz: from the text
    assert.equal(isFileFacts({ words: 'a', names: 'b', units: [1] }, 1), false);
    assert.equal(isFileFacts({ words: 'a', names: 'b', units: [] }, 1), false);
    assert.equal(isFileFacts(null, 0), false);
  });
});

describe('stored ranking facts, decoded', () => {
  it('read a unit without words or identifiers from its entry, not from its text', () => {
    const text = '// 1 2 3\n';
    const units = loadUnits([{ kind: 'block', startLine: 1, endLine: 1, depth: 0, from: 0, to: text.length }], text);
    const facts = fileFacts(units);
    assert.deepEqual(facts, { words: '', names: '', units: [';0;'] });
    // Entries that say something else than the text: what is read is the entry's.
    const unit = units[0];
    assert.ok(unit);
    attachFacts(units, { words: 'zeta', names: 'Zeta', units: ['0.2;2;0.4'] });
    const w = unitWords(unit);
    assert.deepEqual([w.ids.length, w.counts[0], w.length], [1, 2, 2]);
    assert.deepEqual([...unitRefs(unit).weights], [2]);
  });
});
