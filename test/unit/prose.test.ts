import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lexicalScores } from '../../src/engine/relevance/lexical';
import { isProse, stem } from '../../src/engine/relevance/prose';
import { weightQuery } from '../../src/engine/relevance/query';
import type { Unit } from '../../src/engine/types';

function fn(name: string, body: string, startLine = 1): { unit: Unit } {
  const text = `function ${name}() {\n  ${body}\n}\n`;
  return { unit: { kind: 'function', name, startLine, endLine: startLine + 2, text, depth: 0 } };
}

describe('questions in words', () => {
  it('tells a question from code', () => {
    assert.ok(isProse('Where are failed requests retried after a timeout?'));
    assert.ok(isProse('How does the parser report an unexpected token()'));
    assert.ok(!isProse('const retries = schedule(request);\nif (retries > max) { fail(); }'));
    assert.ok(!isProse('retry'));
  });

  it('stems inflected words to where identifiers meet them', () => {
    assert.equal(stem('retries'), stem('retry'));
    assert.equal(stem('retried'), stem('retry'));
    assert.equal(stem('scheduled'), stem('schedule'));
    assert.equal(stem('scheduling'), stem('schedule'));
    assert.equal(stem('emitted'), stem('emit'));
    assert.equal(stem('parses'), stem('parse'));
    assert.notEqual(stem('class'), stem('clas'));
  });

  it('matches a question to the body that answers it, not to the one sharing its stop words', () => {
    const answer = fn('nextAttempt', 'if (failed) scheduleRetry(request, backoffDelay);');
    const noise = fn('describe', 'return "the request is in the queue and it is where it was";', 10);
    const question = weightQuery('Where are failed requests retried after a backoff delay?');
    const [prose, proseNoise] = lexicalScores([answer, noise], question, true);
    assert.ok((prose ?? 0) > 3 * (proseNoise ?? 0), `answer ${prose}, noise ${proseNoise}`);
    // Read as code, `retried` and `requests` meet nothing in the answer and the stop words count.
    const [code] = lexicalScores([answer, noise], question, false);
    assert.ok((prose ?? 0) > (code ?? 0), `as prose ${prose}, as code ${code}`);
  });
});
