import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proseOfLine, withCommentNames } from '../../src/engine/relevance/commentNames';
import { weightQuery } from '../../src/engine/relevance/query';

describe("the query's comments spell definitions' names", () => {
  it('reads comments and strings, not code, #include or attributes', () => {
    assert.equal(proseOfLine('x = f(y) // flush the buffer').trim(), 'flush the buffer');
    assert.equal(proseOfLine('  * Returns the write offset.').trim(), 'Returns the write offset.');
    assert.equal(proseOfLine('log("queue full")').trim(), 'queue full');
    assert.equal(proseOfLine('#include <vector>'), '');
    assert.equal(proseOfLine('#[derive(Debug)]'), '');
  });

  it('adds a name all of whose sub-words the comments say, not a one-word name nor a half-said one', () => {
    const query = weightQuery('// Flushes the pending writes before closing.\nfunction close(sink) {\n');
    const lent = withCommentNames(['flushPendingWrites', 'flush', 'flushQueue', 'drawOutline'], query);
    assert.ok((lent.identifiers.get('flushPendingWrites') ?? 0) > 0, 'every sub-word said (stemmed: flushes, writes)');
    assert.equal(lent.identifiers.get('flush'), undefined, 'a one-word name is in too many comments');
    assert.equal(lent.identifiers.get('flushQueue'), undefined, '`queue` is not said');
    assert.equal(lent.identifiers.get('drawOutline'), undefined);
  });
});
