import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { RedactionMemo } from '../../src/engine/secrets';
import type { RedactionResult } from '../../src/engine/secrets/types';

test('a file version is scanned once; a new version or another path is scanned again', async () => {
  const memo = new RedactionMemo();
  const scanned: string[] = [];
  const scan = async (text: string, path: string): Promise<RedactionResult> => {
    scanned.push(`${path}:${text}`);
    return { text: text.toUpperCase(), count: 1, kinds: { demo: 1 } };
  };
  assert.equal((await memo.redact('a=1', '.env', scan)).text, 'A=1');
  assert.equal((await memo.redact('a=1', '.env', scan)).text, 'A=1');
  await memo.redact('a=2', '.env', scan);
  await memo.redact('a=1', 'config.yaml', scan);
  assert.deepEqual(scanned, ['.env:a=1', '.env:a=2', 'config.yaml:a=1']);
});
