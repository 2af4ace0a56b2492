// The Diagnostics panel's rows without a browser: which units the filter keeps, how they sort, and how they
// group by file (the panel's table code is plain functions over the protocol's rows).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { SlotRow } from '../../src/protocol/diagnosticsView';
import { groupRows, nextSort } from '../../media/webview/table';

function row(index: number, path: string, name: string, originalTokens: number, level = 'verbatim'): SlotRow {
  return { index, path, name, kind: 'function', startLine: index * 10 + 1, endLine: index * 10 + 5, level, pinned: false, originalTokens, tokens: originalTokens, relevance: 0.5, entropy: null, entropyPercentile: null, dense: false, denseReasons: [], densePolicy: '' };
}

// Two files of one name in different folders, as in axios's lib/.
const slots = [row(0, 'lib/adapters/fetch.js', 'fetchAdapter', 300), row(1, 'lib/core/fetch.js', 'fetch', 900), row(2, 'lib/adapters/fetch.js', 'readBody', 50, 'omitted'), row(3, 'lib/utils.js', 'merge', 120)];

describe('groupRows', () => {
  it('groups by workspace-relative path, so two fetch.js stay apart, files in output order', () => {
    const groups = groupRows(slots, { key: 'order', descending: false }, '');
    assert.deepEqual(groups.map((g) => g.path), ['lib/adapters/fetch.js', 'lib/core/fetch.js', 'lib/utils.js']);
    assert.deepEqual(groups[0]?.rows.map((r) => r.name), ['fetchAdapter', 'readBody']);
  });

  it('puts the file with the biggest unit first when sorted by tokens, biggest first', () => {
    const groups = groupRows(slots, { key: 'tokens', descending: true }, '');
    assert.deepEqual(groups.map((g) => g.path), ['lib/core/fetch.js', 'lib/adapters/fetch.js', 'lib/utils.js']);
  });

  it('filters on the path, the symbol and how a unit was kept, ignoring case', () => {
    assert.deepEqual(groupRows(slots, { key: 'order', descending: false }, 'CORE').map((g) => g.path), ['lib/core/fetch.js']);
    assert.deepEqual(groupRows(slots, { key: 'order', descending: false }, 'readb').flatMap((g) => g.rows.map((r) => r.name)), ['readBody']);
    assert.deepEqual(groupRows(slots, { key: 'order', descending: false }, 'omitted').flatMap((g) => g.rows.map((r) => r.index)), [2]);
    assert.deepEqual(groupRows(slots, { key: 'order', descending: false }, 'nothing like it'), []);
  });
});

describe('nextSort', () => {
  it('goes biggest first for numbers, then the other way, then back to the output order', () => {
    const first = nextSort({ key: 'order', descending: false }, 'tokens', true);
    assert.deepEqual(first, { key: 'tokens', descending: true });
    const second = nextSort(first, 'tokens', true);
    assert.deepEqual(second, { key: 'tokens', descending: false });
    assert.deepEqual(nextSort(second, 'tokens', true), { key: 'order', descending: false });
  });
});

describe('a dense row in the panel', () => {
  it('says what the Problems entry says: the evidence, then the one policy sentence', async () => {
    const { rowTitle } = await import('../../media/webview/table');
    const { DENSE_POLICY, denseMessage } = await import('../../src/engine/density/message');
    const reasons = [{ code: 'minified', message: 'minified: 1 line of 20,000 characters.' }] as Parameters<typeof denseMessage>[0];
    const title = rowTitle({ ...row(0, 'dist/app.min.js', 'other', 5000), dense: true, denseReasons: ['minified: 1 line of 20,000 characters'], densePolicy: DENSE_POLICY });
    assert.ok(title.includes(denseMessage(reasons)), title);
  });
});
