import * as assert from 'node:assert/strict';
import { promises as fsp, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { FindingsStore } from '../../src/engine/index/findingsStore';
import type { StoreIo } from '../../src/engine/index/diskStore';
import { RedactionMemo } from '../../src/engine/secrets';
import type { SecretFinding } from '../../src/engine/secrets/types';
import type { Logger } from '../../src/engine';

/** A scanner that finds the digits of a text and counts what it was asked. */
function countingScanner(): { scanned: string[]; scan: (text: string, path: string) => Promise<SecretFinding[]> } {
  const scanned: string[] = [];
  return {
    scanned,
    scan: async (text, path) => {
      scanned.push(`${path}:${text}`);
      const at = text.search(/\d/);
      return at < 0 ? [] : [{ start: at, end: at + 1, kind: 'digit' }];
    },
  };
}

function logger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, debug() {}, error: (m) => warnings.push(m), warn: (m) => warnings.push(m) };
}

test('a file version is scanned once; a new version or another path is scanned again', async () => {
  const memo = new RedactionMemo();
  const { scanned, scan } = countingScanner();
  assert.equal((await memo.redact('a=1', '.env', scan)).text, 'a=«redacted:digit»');
  assert.equal((await memo.redact('a=1', '.env', scan)).text, 'a=«redacted:digit»');
  await memo.redact('a=2', '.env', scan);
  await memo.redact('a=1', 'config.yaml', scan);
  assert.deepEqual(scanned, ['.env:a=1', '.env:a=2', 'config.yaml:a=1']);
});

test('findings persist across processes in the index folder, without the secrets themselves', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccc-findings-'));
  try {
    const first = countingScanner();
    const memo1 = new RedactionMemo(new FindingsStore(dir, 'v1', logger()));
    await memo1.redact('token=7', '.env', first.scan);
    await memo1.redact('plain', 'a.ts', first.scan);
    await memo1.save();
    const file = readFileSync(path.join(dir, 'secret-findings-v1.json'), 'utf8');
    assert.ok(!file.includes('token=7'), 'the store keeps offsets, never the text');

    const second = countingScanner();
    const memo2 = new RedactionMemo(new FindingsStore(dir, 'v1', logger()));
    assert.equal((await memo2.redact('token=7', '.env', second.scan)).text, 'token=«redacted:digit»');
    assert.equal((await memo2.redact('plain', 'a.ts', second.scan)).text, 'plain');
    assert.deepEqual(second.scanned, [], 'nothing scanned again');

    // Another version of the host (other rules) scans again, and says nothing: the file is not damaged.
    const log = logger();
    const third = countingScanner();
    await new RedactionMemo(new FindingsStore(dir, 'v2', log)).redact('token=7', '.env', third.scan);
    assert.equal(third.scanned.length, 1);
    assert.deepEqual(log.warnings, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged findings file is reported once, scanned around, and replaced', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccc-findings-'));
  try {
    const seed = new RedactionMemo(new FindingsStore(dir, 'v1', logger()));
    await seed.redact('k=1', '.env', countingScanner().scan);
    await seed.save();
    const file = path.join(dir, 'secret-findings-v1.json');
    // A flipped offset: the checksum no longer matches.
    writeFileSync(file, readFileSync(file, 'utf8').replace('[2,3,', '[0,3,'));
    const log = logger();
    const scanner = countingScanner();
    const memo = new RedactionMemo(new FindingsStore(dir, 'v1', log));
    assert.equal((await memo.redact('k=1', '.env', scanner.scan)).text, 'k=«redacted:digit»');
    await memo.redact('k=2', '.env', scanner.scan);
    await memo.save();
    assert.equal(scanner.scanned.length, 2, 'scanned again, not trusted');
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0] ?? '', /damaged or foreign \(checksum mismatch\)/);
    // Rewritten whole: a third process reads it without a word.
    const after = logger();
    const scanner3 = countingScanner();
    await new RedactionMemo(new FindingsStore(dir, 'v1', after)).redact('k=1', '.env', scanner3.scan);
    assert.deepEqual([scanner3.scanned, after.warnings], [[], []]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('findings stored for a shorter text are not trusted (a hash collision or a forged entry cannot cut the text)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccc-findings-'));
  try {
    const store = new FindingsStore(dir, 'v1', logger());
    store.set('k', [{ start: 5, end: 40, kind: 'x' }]);
    assert.equal(await store.get('k', 20), undefined);
    assert.deepEqual(await store.get('k', 40), [{ start: 5, end: 40, kind: 'x' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two processes saving at once keep the union of what they scanned', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccc-findings-'));
  try {
    const a = new RedactionMemo(new FindingsStore(dir, 'v1', logger()));
    const b = new RedactionMemo(new FindingsStore(dir, 'v1', logger()));
    await a.redact('a=1', 'a.env', countingScanner().scan);
    await a.save();
    await b.redact('b=2', 'b.env', countingScanner().scan);
    await b.save();
    const c = countingScanner();
    const memo = new RedactionMemo(new FindingsStore(dir, 'v1', logger()));
    await memo.redact('a=1', 'a.env', c.scan);
    await memo.redact('b=2', 'b.env', c.scan);
    assert.deepEqual(c.scanned, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a full disk is reported once and the redaction is unaffected', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccc-findings-'));
  try {
    const full: StoreIo = {
      ...fsp,
      writeFile: async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      },
    };
    const log = logger();
    const memo = new RedactionMemo(new FindingsStore(dir, 'v1', log, full));
    assert.equal((await memo.redact('x=1', '.env', countingScanner().scan)).text, 'x=«redacted:digit»');
    await memo.save();
    await memo.redact('y=2', '.env', countingScanner().scan);
    await memo.save();
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0] ?? '', /cannot write it \(ENOSPC/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
