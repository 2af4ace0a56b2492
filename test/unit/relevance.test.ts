import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lexicalScores } from '../../src/engine/relevance/lexical';
import { scoreUnits } from '../../src/engine/relevance';
import { weightQuery } from '../../src/engine/relevance/query';
import type { Unit } from '../../src/engine/types';

function fn(name: string, body: string, startLine = 1): { unit: Unit } {
  const text = `function ${name}() {\n  ${body}\n}\n`;
  return { unit: { kind: 'function', name, startLine, endLine: startLine + 2, text, depth: 0 } };
}

describe('lexical relevance', () => {
  // A function just above the cursor is part of the code before the cursor: its own words must not make it
  // look like what comes next.
  const above = fn('parseAlphaBravo', 'return alphaBravoCharlie(alphaInput, bravoInput);');
  const elsewhere = fn('deltaEchoHelper', 'return deltaEcho.foxtrot(echoValue);', 10);
  const cursor = 'function deltaEchoCursor() {\n  const echoValue = deltaEcho.foxtrot;\n';

  it('scores a unit that is part of the query without its own lines', () => {
    const [own, other] = lexicalScores([above, elsewhere], weightQuery(`${above.unit.text}\n${cursor}`));
    // Scored as if the query were the cursor's lines alone (they weigh the same: weight is nearness to the end).
    const [alone] = lexicalScores([above, elsewhere], weightQuery(cursor));
    assert.ok(Math.abs((own ?? 0) - (alone ?? 0)) < 1e-9, `scored ${own}, without its own lines ${alone}`);
    assert.ok((other ?? 0) > (own ?? 0) * 3, 'the unit like the code at the cursor ranks far above the one above it');
  });

  it('still scores the same words when the unit is not in the query', () => {
    const query = weightQuery(`// alpha bravo charlie input\n${cursor}`);
    const [own] = lexicalScores([above, elsewhere], query);
    assert.ok((own ?? 0) > 0, 'shared words outside the unit count');
  });

  it('weights words by nearness to the cursor', () => {
    const near = weightQuery('alpha\n\n\n\n\nbravo\n');
    assert.ok((near.words.get('bravo') ?? 0) > (near.words.get('alpha') ?? 0));
  });

  it('lets far lines name definitions but hardly say what the next lines resemble', () => {
    const filler = 'x = 1\n'.repeat(60);
    const query = weightQuery(`alphaThing = 1\n${filler}bravoThing = 2\n`);
    // Identifiers keep a floor: a definition named at the top of the file may still be called at the cursor.
    assert.ok((query.identifiers.get('alphaThing') ?? 0) >= 0.08, `far identifier weighs ${query.identifiers.get('alphaThing')}`);
    // Words decay to nearly nothing: what the top of the file looks like says little about the next lines.
    assert.ok((query.words.get('alpha') ?? 0) < 0.05, `far word weighs ${query.words.get('alpha')}`);
    assert.equal(query.words.get('bravo'), 1);
  });
});

describe('body worth by budget', () => {
  // Two units nothing in the query names (no reference relevance): one shares every query word, one about half.
  const best = fn('unrelatedOne', 'return gammaDelta(kappaLambda, sigmaTau, omegaZeta);');
  const middling = fn('unrelatedTwo', 'return gammaDelta(kappaLambda, otherThing, moreStuff);', 10);
  const query = 'const x = gammaDelta(kappaLambda, sigmaTau, omegaZeta);\n';
  const items = [best, middling].map((it) => ({ ...it, fileIndex: 0, pinned: false }));
  /** What the middling body adds to its declaration, as a share of what the best one adds. */
  const middlingShare = (budget: number): number => {
    const { values } = scoreUnits(items, query, { budget });
    const [b, m] = values;
    const body = (v: typeof b) => (v?.verbatim ?? 0) - 2 * (v?.signature ?? 0); // signature = prior / 2 without references
    return body(m) / body(b);
  };

  it('keeps only the closest matches worth their tokens when there is little room', () => {
    const at1k = middlingShare(1000);
    const at2k = middlingShare(2000);
    assert.ok(at2k > 0 && at2k < 1, `a middling match is worth part of the best one at 2k (${at2k})`);
    assert.ok(at1k < at2k * 0.8, `at 1k the middling body is worth less, relatively (${at1k} vs ${at2k})`);
    assert.ok(Math.abs(middlingShare(8000) - at2k) < 1e-9, 'above 2k only the weight grows, not the power');
  });
});
