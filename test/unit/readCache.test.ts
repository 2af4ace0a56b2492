// The read cache of a long-lived host (the extension): a file whose stat is unchanged comes back as the very file
// read before (not read again); any change to it, a change too recent to trust, another size limit, each reads it
// again; and files taken from the cache still count towards the input limit.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gatherFiles, InputTooLargeError } from '../../src/engine/gather/gatherFiles';
import { ReadCache } from '../../src/engine/gather/readCache';
import type { SourceFile } from '../../src/engine/types';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-readcache-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const byPath = (files: readonly SourceFile[]): Map<string, SourceFile> => new Map(files.map((f) => [f.path, f]));

describe('read cache', () => {
  it('gives back the file read before when its stat is unchanged, and reads a changed file again', async () => {
    const dir = folder({ 'a.ts': 'export const a = 1;\n', 'b.ts': 'export const b = 2;\n', 'c.ts': 'export const c = 3;\n' });
    try {
      // No wait for "racy" changes: the files were written just now.
      const cache = new ReadCache(0);
      const first = byPath((await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1000, cache })).files);
      writeFileSync(path.join(dir, 'b.ts'), 'export const b = 9;\n'); // same size
      writeFileSync(path.join(dir, 'c.ts'), 'export const c = 33;\n');
      const second = byPath((await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1000, cache })).files);
      assert.equal(second.get('a.ts'), first.get('a.ts'), 'the unchanged file was read again');
      assert.notEqual(second.get('b.ts'), first.get('b.ts'));
      assert.equal(second.get('b.ts')?.text, 'export const b = 9;\n', 'a change of the same size was missed');
      assert.equal(second.get('c.ts')?.text, 'export const c = 33;\n');
      // Without a cache every gather reads afresh (what the identity check above tells apart).
      const plain = byPath((await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1000 })).files);
      assert.notEqual(plain.get('a.ts'), second.get('a.ts'));
      assert.deepEqual(plain.get('a.ts'), second.get('a.ts'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not keep a read of a file changed moments before (its clock tick may not show a later change)', async () => {
    const dir = folder({ 'a.ts': 'export const a = 1;\n' });
    try {
      const cache = new ReadCache();
      const first = (await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1000, cache })).files[0];
      const second = (await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1000, cache })).files[0];
      assert.notEqual(second, first, 'a file written just now was trusted from the cache');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads again when the same times are set back on a changed file (its change time moves on)', async () => {
    const dir = folder({ 'a.ts': 'export const a = 1;\n' });
    try {
      const file = path.join(dir, 'a.ts');
      const cache = new ReadCache(0);
      await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1000, cache });
      const old = new Date(Date.now() - 60_000);
      utimesSync(file, old, old);
      const before = (await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1000, cache })).files[0];
      writeFileSync(file, 'export const a = 7;\n');
      utimesSync(file, old, old); // what `tar -x` or `rsync -t` would do
      const after = (await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1000, cache })).files[0];
      assert.equal(after?.text, 'export const a = 7;\n', `the change hidden by the old modification time was missed (before: ${before?.text})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads again under another size limit, and counts cached files towards the input limit', async () => {
    const dir = folder({ 'big.ts': 'x'.repeat(500), 'small.ts': 'y' });
    try {
      const cache = new ReadCache(0);
      const tight = await gatherFiles(['.'], { cwd: dir, maxFileBytes: 100, cache });
      assert.deepEqual(tight.files.map((f) => f.path), ['small.ts']);
      const roomy = await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1000, cache });
      assert.deepEqual(roomy.files.map((f) => f.path), ['big.ts', 'small.ts'], 'a file skipped under the old limit stayed skipped');
      await assert.rejects(gatherFiles(['.'], { cwd: dir, maxFileBytes: 1000, maxInputBytes: 400, cache }), InputTooLargeError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
