import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreUnits } from '../../src/engine/relevance';
import { lexicalScores } from '../../src/engine/relevance/lexical';
import { weightQuery } from '../../src/engine/relevance/query';
import { withSimilarCallees } from '../../src/engine/relevance/similarCallees';
import type { Unit } from '../../src/engine/types';

function fn(name: string, body: string, startLine: number): { unit: Unit; fileIndex: number; pinned: boolean } {
  const text = `function ${name}(spec) {\n  ${body}\n}\n`;
  return { unit: { kind: 'function', name, startLine, endLine: startLine + 2, text, depth: 0 }, fileIndex: 0, pinned: false };
}

// The code at the cursor starts a `filterSpec`; its closest relative, `filterSpecList`, calls `trimIdentList`,
// a name the query has not typed yet. A body that shares nothing with the query calls `renderPageHeader`.
const similar = fn('filterSpecList', 'return trimIdentList(filterSpecNames(spec.list), spec.exported);', 1);
const unlike = fn('drawPage', 'return renderPageHeader(page.title, page.width);', 10);
const trim = fn('trimIdentList', 'return list;', 20);
const render = fn('renderPageHeader', 'return title;', 30);
const names = fn('filterSpecNames', 'return list;', 40);
const items = [similar, unlike, trim, render, names];
const query = 'function filterSpec(spec) {\n  const exported = spec.exported;\n  filterSpecNames(spec.list);\n';

describe('similar bodies lend their callees to the query', () => {
  it("adds the names the most similar body uses, not a dissimilar body's, nor the seed's own name", () => {
    const weighted = weightQuery(query);
    const lex = lexicalScores(items, weighted);
    const lent = withSimilarCallees(items, lex, weighted);
    assert.ok((lent.identifiers.get('trimIdentList') ?? 0) > 0, 'a callee of the most similar body joins the query');
    assert.equal(lent.identifiers.get('renderPageHeader'), undefined, 'a body that shares no word with the query lends nothing');
    assert.equal(lent.identifiers.get('filterSpecList'), undefined, "the seed's own name is not lent");
    assert.ok((lent.identifiers.get('filterSpecNames') ?? 0) > (weighted.identifiers.get('filterSpecNames') ?? 0), 'names the query has typed gain too');
  });

  it('leaves the query as it is when nothing resembles it', () => {
    const weighted = weightQuery('zzz qqq\n');
    assert.equal(withSimilarCallees(items, lexicalScores(items, weighted), weighted), weighted);
  });

  // The code at the cursor, pinned as the extension pins it: its file's last unit.
  const cursor = { unit: { kind: 'function' as const, name: 'filterSpec', startLine: 1, endLine: 3, text: query, depth: 0 }, fileIndex: 1, pinned: true };
  const worth = (units: typeof items, share: number) => scoreUnits(units, query, { budget: 4000, similarCallees: { share } }).values.map((v) => v.signature ?? 0);

  it("ranks a similar body's callee above an equally unnamed definition (the mention planner's worth)", () => {
    const [, , trimWithout, renderWithout] = worth([...items, cursor], 0);
    const [, , trimWith, renderWith] = worth([...items, cursor], 0.5);
    // Without the lent names neither is named by the query; trimIdentList shares its caller's rank with another callee.
    assert.ok((trimWithout ?? 0) < (renderWithout ?? 0), `without: ${trimWithout} against ${renderWithout}`);
    assert.ok((trimWith ?? 0) > (renderWith ?? 0) * 1.1, `trimIdentList's mention worth ${trimWith} against renderPageHeader's ${renderWith}`);
  });

  it('lends nothing without code at a cursor (a question, a selection)', () => {
    assert.deepEqual(worth(items, 0.5), worth(items, 0));
  });
});
