import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindTables, splitFrontier, standingTable } from '../../bench/completion/report';
import type { Row } from '../../bench/completion/run';
import { kindOf } from '../../bench/completion/segments';
import { questionFrom } from '../../bench/completion/questions';
import type { Unit } from '../../src/engine/types';

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
      set: 'completion', caseId: 'c', lang: 'ts', method, budget: 1000, tokens: 900, overBudget: false, signatureRecall, bodyRecall, querySurvives: true, signatureKinds: {}, ms: 1,
    });
    const text = standingTable([row('ours', 0.5, 0.45), row('bm25', 0.1, 0.5), row('mix50', 0.6, 0.4), row('repomap', 0.9, 0), row('oracle', 1, 1)], [1000]);
    const line = text.split('\n').at(-1) ?? '';
    assert.match(line, /50\.0 vs 90\.0 \(repomap\)/);
    assert.match(line, /45\.0 vs 50\.0 \(bm25\)/);
    // At 50% signatures the best split blends BM25 (10/50) and the 50% mix (60/40): 42%.
    assert.match(line, /45\.0 vs 42\.0 \|$/);
  });
});

describe('benchmark report: recall per kind of definition', () => {
  const row = (method: string, lang: string, signatureKinds: Row['signatureKinds']): Row => ({
    set: 'completion', caseId: `${lang}1`, lang, method, budget: 4000, tokens: 900, overBudget: false, signatureRecall: 0, bodyRecall: 0, querySurvives: true, signatureKinds, ms: 1,
  });

  it('pools each kind over cases, per method and per language', () => {
    const rows = [
      row('ours', 'go', { constant: [1, 4], function: [2, 2] }),
      row('ours', 'c', { macro: [0, 2], constant: [1, 1] }),
      row('repomap', 'go', { constant: [4, 4], function: [2, 2] }),
      row('repomap', 'c', { macro: [1, 2], constant: [1, 1] }),
    ];
    const text = kindTables(rows, [4000], ['ours', 'repomap'], ['go', 'c']);
    // Constants: ours 2 of 5 over both languages, the map 5 of 5; kinds without gold get no column.
    assert.match(text, /\| method \| function \(2\) \| constant \(5\) \| macro \(2\) \|/);
    assert.match(text, /\| ours \| 100\.0 \| 40\.0 \| 0\.0 \|/);
    assert.match(text, /\| repomap \| 100\.0 \| 100\.0 \| 50\.0 \|/);
    assert.match(text, /\| constant \| 25\.0 \/ 100\.0 \(4\) \| 100\.0 \/ 100\.0 \(1\) \|/);
    assert.match(text, /\| macro \| – \| 0\.0 \/ 50\.0 \(2\) \|/);
  });

  it('reads a definition\'s kind from its unit and the container around it', () => {
    const unit = (kind: Unit['kind'], depth: number, text: string, closesBack?: number): Unit => ({ kind, depth, text, startLine: 1, endLine: 1, ...(closesBack !== undefined ? { closesBack } : {}) });
    const units: Unit[] = [
      unit('other', 0, '#define MAX 3\n'),
      unit('type', 0, 'typedef enum {\n'),
      unit('other', 1, '  MODE_A,\n'),
      unit('type', 0, '} Mode;\n', 2),
      unit('class', 0, 'class Box {\n'),
      unit('other', 1, '  int size;\n'),
      unit('method', 1, '  int grow();\n'),
      unit('class', 0, '};\n', 3),
      unit('other', 0, 'const (\n'),
      unit('other', 1, '\tA = 1\n'),
      unit('type', 0, 'using index_t = long;\n'),
      unit('other', 0, 'static int counter = 0;\n'),
    ];
    const first = (i: number) => (units[i]?.text ?? '').trimEnd();
    const kinds = [0, 2, 5, 6, 9, 10, 11, 4].map((i) => kindOf(units, i, first(i)));
    assert.deepEqual(kinds, ['macro', 'enum member', 'field', 'method', 'constant', 'type alias', 'constant', 'class']);
  });
});

describe('benchmark questions: written from doc comments', () => {
  it('keeps the first sentences in words, without markup, tags or the function\'s name', () => {
    const doc = [
      '/**',
      ' * Finds the {@code first} element matching the <em>predicate</em>. Scans the list from its head,',
      ' * see indexOfFirst() for details. More text that is not needed here at all.',
      ' * @param list the list',
      ' */',
    ];
    assert.equal(questionFrom(doc, 'indexOfFirst'), 'Finds the first element matching the predicate. Scans the list from its head, see for details.');
    assert.equal(questionFrom(['    """Return the parsed header, or None when the stream ends early."""'], 'parse_header'), 'Return the parsed header, or None when the stream ends early.');
  });

  it('asks nothing when too little is left, or when the comment is not a description', () => {
    assert.equal(questionFrom(['/** Gets the value. */'], 'getValue'), undefined);
    assert.equal(questionFrom(['// Copyright 2020 The Authors. All rights reserved by them here.'], 'f'), undefined);
  });
});
