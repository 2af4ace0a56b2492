import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { redactText } from '../../src/engine/secrets';
import { fakeSecretCorpus, leaked } from './helpers/fakeSecrets';

const root = path.resolve(__dirname, '../../..');
// Replayable: CCC_SECRETS_SEED=<n> regenerates another corpus of the same formats.
const SEED = Number(process.env.CCC_SECRETS_SEED ?? 20_240_501);

test('secrets corpus: at least 50 formats, generated at test time', () => {
  const corpus = fakeSecretCorpus(SEED);
  assert.ok(corpus.length >= 50, `${corpus.length} formats`);
  assert.ok(corpus.reduce((n, c) => n + c.secrets.length, 0) >= 80);
  // Different seeds give different bodies: nothing is a fixed string kept in the repository.
  assert.notDeepEqual(fakeSecretCorpus(SEED + 1).map((c) => c.text), corpus.map((c) => c.text));
});

test('secrets corpus: our own rules alone hide every fake secret, keeping the line count', async () => {
  const missed: string[] = [];
  for (const c of fakeSecretCorpus(SEED)) {
    const r = await redactText(c.text, c.path, 'own');
    const leaks = c.secrets.filter((s) => leaked(r.text, s));
    if (leaks.length > 0) missed.push(`${c.format} (${c.path}): ${JSON.stringify(r.text)}`);
    assert.equal(r.text.split('\n').length, c.text.split('\n').length, `${c.format}: line count`);
  }
  assert.deepEqual(missed, []);
});

test('secrets corpus: with secretlint as well, nothing leaks either (its ranges are checked, not trusted)', async () => {
  for (const c of fakeSecretCorpus(SEED)) {
    const r = await redactText(c.text, c.path, 'both');
    for (const s of c.secrets) assert.ok(!leaked(r.text, s), `${c.format}: ${JSON.stringify(r.text)}`);
    assert.equal(r.text.split('\n').length, c.text.split('\n').length, `${c.format}: line count`);
    assert.match(r.text, /«redacted:[a-z0-9-]+»/);
  }
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

test('secrets: real code and licences (test/fixtures/real) are left alone', async () => {
  const found: string[] = [];
  for (const file of filesUnder(path.join(root, 'test/fixtures/real'))) {
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(root, file);
    const r = await redactText(text, rel, 'both');
    if (r.count > 0) found.push(`${rel}: ${JSON.stringify(r.kinds)}`);
  }
  assert.deepEqual(found, []);
});
