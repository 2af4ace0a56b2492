import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gatherFiles } from '../../src/engine/gather/gatherFiles';

test('gatherFiles: files read several at once still come out in walk order, warnings in place', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-gather-'));
  try {
    // More files than are read at once, of very different sizes, so that reads finish out of order.
    const expected: string[] = [];
    for (let i = 0; i < 60; i++) {
      const sub = i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b/c' : 'd';
      mkdirSync(path.join(dir, sub), { recursive: true });
      const name = `f${String(i).padStart(2, '0')}.ts`;
      writeFileSync(path.join(dir, sub, name), `export const v${i} = ${i};\n`.repeat(i % 7 === 0 ? 20_000 : 1));
    }
    writeFileSync(path.join(dir, 'b/c/f00.bin.ts'), Buffer.from([0x61, 0x00, 0x62]));
    writeFileSync(path.join(dir, 'd/huge.ts'), 'x'.repeat(3_000_000));
    for (const sub of ['a', 'b/c', 'd']) {
      const names = [...Array(60).keys()]
        .filter((i) => (i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b/c' : 'd') === sub)
        .map((i) => `${sub}/f${String(i).padStart(2, '0')}.ts`);
      if (sub === 'b/c') names.unshift('b/c/f00.bin.ts');
      if (sub === 'd') names.push('d/huge.ts');
      expected.push(...names);
    }

    const { files, warnings } = await gatherFiles(['.', 'missing.ts'], { cwd: dir, maxFileBytes: 2_000_000 });
    const skipped = new Set(['b/c/f00.bin.ts', 'd/huge.ts']);
    assert.deepEqual(files.map((f) => f.path), expected.filter((p) => !skipped.has(p)));
    assert.equal(files[0]?.text, 'export const v0 = 0;\n'.repeat(20_000));
    assert.deepEqual(warnings.map((w) => w.path), ['b/c/f00.bin.ts', 'd/huge.ts', 'missing.ts']);
    assert.match(warnings[0]?.message ?? '', /looks binary/);
    assert.match(warnings[1]?.message ?? '', /over the 1953 KB limit/);
    assert.match(warnings[2]?.message ?? '', /no such file or folder/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gatherFiles: a cancelled gather stops with the cancellation, not a partial result', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-gather-'));
  try {
    for (let i = 0; i < 40; i++) writeFileSync(path.join(dir, `f${i}.ts`), 'export {};\n');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(gatherFiles(['.'], { cwd: dir, maxFileBytes: 1_000_000, signal: controller.signal }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gatherFiles: dependency lock files are skipped while walking, read when named', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-gather-'));
  try {
    mkdirSync(path.join(dir, 'web'));
    writeFileSync(path.join(dir, 'main.go'), 'package main\n');
    writeFileSync(path.join(dir, 'go.sum'), 'example.com/x v1.0.0 h1:abc=\n');
    writeFileSync(path.join(dir, 'web', 'index.ts'), 'export {};\n');
    writeFileSync(path.join(dir, 'web', 'package-lock.json'), '{"lockfileVersion": 3}\n');
    writeFileSync(path.join(dir, 'web', 'yarn.lock'), '# yarn lockfile v1\n');
    writeFileSync(path.join(dir, 'web', 'package.json'), '{"name": "web"}\n');
    const walked = await gatherFiles(['.'], { cwd: dir, maxFileBytes: 1_000_000 });
    assert.deepEqual(walked.files.map((f) => f.path), ['main.go', 'web/index.ts', 'web/package.json']);
    assert.deepEqual(walked.warnings, []);
    const named = await gatherFiles(['go.sum', 'web/package-lock.json'], { cwd: dir, maxFileBytes: 1_000_000 });
    assert.deepEqual(named.files.map((f) => f.path), ['go.sum', 'web/package-lock.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gatherFiles: paths are shown from the cwd wherever the walk starts; a name beginning with ".." is inside it', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ccc-gather-'));
  try {
    mkdirSync(path.join(dir, 'ws', '..dots'), { recursive: true });
    mkdirSync(path.join(dir, 'ws', 'sub'), { recursive: true });
    mkdirSync(path.join(dir, 'elsewhere'), { recursive: true });
    writeFileSync(path.join(dir, 'ws', '..b.ts'), 'export const b = 2;\n');
    writeFileSync(path.join(dir, 'ws', '..dots', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(dir, 'ws', 'sub', 'c.ts'), 'export const c = 3;\n');
    writeFileSync(path.join(dir, 'elsewhere', 'e.ts'), 'export const e = 5;\n');
    const ws = path.join(dir, 'ws');
    const shown = async (inputs: string[], cwd: string): Promise<string[]> => (await gatherFiles(inputs, { cwd, maxFileBytes: 1e6 })).files.map((f) => f.path);
    // `..b.ts` is a name in the cwd, not a way out of it (it used to be shown with its absolute path).
    assert.deepEqual(await shown(['.'], ws), ['..b.ts', '..dots/a.ts', 'sub/c.ts']);
    assert.deepEqual(await shown(['sub'], ws), ['sub/c.ts']);
    const posix = (p: string): string => p.split(path.sep).join('/');
    // The cwd's parent: outside the cwd, so shown by absolute paths, but for what lies in the cwd again.
    assert.deepEqual(await shown(['..'], path.join(ws, 'sub')), [posix(path.join(ws, '..b.ts')), posix(path.join(ws, '..dots', 'a.ts')), 'c.ts']);
    // A folder outside the cwd: its files by their absolute paths.
    assert.deepEqual(await shown([path.join(dir, 'elsewhere')], ws), [posix(path.join(dir, 'elsewhere', 'e.ts'))]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
