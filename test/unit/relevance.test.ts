import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lexicalScores } from '../../src/engine/relevance/lexical';
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
