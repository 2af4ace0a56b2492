import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { grammarsFor, segmentFile } from '../../src/engine/segment/segmenter';
import { languageSpec, type LanguageSpec } from '../../src/engine/segment/languages';
import { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import { assetPaths } from './helpers/assets';

function spec(id: 'python' | 'typescript'): LanguageSpec {
  const s = languageSpec(id);
  assert.ok(s);
  return s;
}

test('grammarsFor: each grammar the files will be parsed with, once; none for text, blank or oversized files', () => {
  const files = [
    { path: 'src/a.ts', text: 'export const a = 1;\n' },
    { path: 'tools/run.py', text: 'def run():\n    pass\n' },
    { path: 'src/b.ts', text: 'export const b = 2;\n' },
    { path: 'README.md', text: '# Title\n' },
    { path: 'empty.go', text: '  \n\n' },
    // Above the size the segmenter parses: split into blank-line blocks instead, so no grammar is needed.
    { path: 'huge.rs', text: 'fn f() {}\n'.repeat(400_001) },
  ];
  assert.deepEqual(grammarsFor(files).map((s) => s.id), ['typescript', 'python']);
});

test('prefetch: the grammars load ahead and the parsers they give are the ones segmenting uses', async () => {
  const runtime = new TreeSitterRuntime(assetPaths().wasmDir);
  runtime.prefetch([spec('python'), spec('typescript')]);
  const [py, ts] = await Promise.all([runtime.parserFor(spec('python')), runtime.parserFor(spec('typescript'))]);
  assert.equal(await runtime.parserFor(spec('python')), py);
  assert.notEqual(py, ts);
  const seg = await segmentFile('def run():\n    return 1\n', 'python', runtime);
  assert.equal(seg.hasErrors, false);
  assert.equal(seg.units[0]?.name, 'run');
});

test('prefetch: a grammar that cannot load raises no unhandled rejection, and parserFor still reports why', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const runtime = new TreeSitterRuntime(path.join(os.tmpdir(), 'ccc-no-such-wasm-dir'));
    runtime.prefetch([spec('python')]);
    // Let the failed load settle (and any unhandled rejection fire) before asking for the parser.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await assert.rejects(runtime.parserFor(spec('python')));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
