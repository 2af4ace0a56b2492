import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { leadingDocLines } from '../../src/engine/segment/unitDoc';
import type { LanguageId } from '../../src/engine/segment/languages';
import { segmentFile } from '../../src/engine/segment/segmenter';
import { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import type { Unit } from '../../src/engine/types';
import { withoutDoc } from '../../src/engine/render/render';
import { assetPaths } from './helpers/assets';

let runtime: TreeSitterRuntime;
before(() => {
  runtime = new TreeSitterRuntime(assetPaths().wasmDir);
});

/** The unit the real segmenter makes for `name` in `text`. */
async function unitNamed(text: string, language: LanguageId, name: string): Promise<Unit> {
  const seg = await segmentFile(text, language, runtime);
  const unit = seg.units.find((u) => u.name === name);
  assert.ok(unit, `no unit ${name} in ${seg.units.map((u) => u.name).join(', ')}`);
  return unit;
}

describe('a unit\'s doc (the code level leaves it out)', () => {
  it('is a JSDoc block and the blank line after it', async () => {
    const text = 'const a = 1;\n\n/**\n * Adds.\n * @param x a number\n */\n\nexport function add(x: number): number {\n  return x + a;\n}\n';
    const unit = await unitNamed(text, 'typescript', 'add');
    assert.equal(leadingDocLines(unit), unit.text.split('\n').findIndex((l) => l.startsWith('export function')));
    const code = withoutDoc(unit);
    assert.ok(code);
    assert.ok(code.text.startsWith('export function add('), code.text);
    assert.equal(text.split('\n')[code.firstLine - 1], 'export function add(x: number): number {');
  });

  it('stops at a Rust attribute: attributes are code', async () => {
    const text = 'use std::fmt;\n\n/// Returns the answer.\n/// Always.\n#[inline]\npub fn answer() -> u32 {\n    42\n}\n';
    const unit = await unitNamed(text, 'rust', 'answer');
    const code = withoutDoc(unit);
    assert.ok(code, unit.text);
    assert.ok(code.text.startsWith('#[inline]\npub fn answer()'), code.text);
  });

  it('stops at a Python decorator; keeps the docstring of a body too short to elide', async () => {
    const text = 'import functools\n\n\n# The size of a box, in cm.\n# Never negative.\n@functools.cache\ndef size(box):\n    """The size."""\n    return box.size\n';
    const unit = await unitNamed(text, 'python', 'size');
    const code = withoutDoc(unit);
    assert.ok(code, unit.text);
    assert.ok(code.text.startsWith('@functools.cache\ndef size(box):\n    """The size."""'), JSON.stringify(code.text));
  });

  it('replaces a Python docstring with a marker naming the line the body resumes at', async () => {
    const text = 'import math\n\n\ndef mean(xs):\n    """The mean of xs.\n\n    Empty lists give nan.\n    """\n    total = 0.0\n    for x in xs:\n        total += x\n    return total / len(xs) if xs else math.nan\n';
    const unit = await unitNamed(text, 'python', 'mean');
    const code = withoutDoc(unit);
    assert.ok(code, unit.text);
    const resumes = text.split('\n').indexOf('    total = 0.0') + 1;
    assert.equal(code.firstLine, unit.startLine);
    assert.equal(code.text, `def mean(xs):\n⋮L${resumes}\n    total = 0.0\n    for x in xs:\n        total += x\n    return total / len(xs) if xs else math.nan\n`);
  });

  it('takes a block comment whose lines have no stars, and a line comment run', async () => {
    const block = 'let x = 0;\n\n/*\n  Resets x.\n*/\nfunction reset() {\n  x = 0;\n}\n';
    const unit = await unitNamed(block, 'javascript', 'reset');
    assert.ok(withoutDoc(unit)?.text.startsWith('function reset()'), unit.text);
    const lines = 'package p\n\n// Max returns the larger.\n// Ties go to a.\nfunc Max(a, b int) int {\n\tif a < b {\n\t\treturn b\n\t}\n\treturn a\n}\n';
    const goUnit = await unitNamed(lines, 'go', 'Max');
    assert.ok(withoutDoc(goUnit)?.text.startsWith('func Max('), goUnit.text);
  });

  it('is nothing without a comment, before code, when a comment shares its line with code, or without a declaration; a `/*` in a line comment opens no block', () => {
    const unit = (text: string, declarationLine: number): Unit => ({
      kind: 'function', name: 'f', startLine: 1, endLine: text.split('\n').length - 1, text, depth: 0, declaration: { startLine: declarationLine, endLine: declarationLine },
    });
    assert.equal(leadingDocLines(unit('@Override\npublic int f() {\n  return 1;\n}\n', 2)), 0);
    assert.equal(leadingDocLines(unit('#if WINDOWS\n// f for Windows\nint f() {\n  return 1;\n}\n', 3)), 0);
    assert.equal(leadingDocLines(unit('/** Doc. */ @Override\npublic int f() {\n  return 1;\n}\n', 2)), 0);
    // A block still open at the declaration is not a comment above it (the grammar would not end it there).
    assert.equal(leadingDocLines(unit('/* open\nint f() {\n  return 1;\n}\n', 2)), 0);
    // `/*` inside a line comment opens no block.
    assert.equal(leadingDocLines(unit('// see /* here\nint f() {\n  return 1;\n}\n', 2)), 1);
    assert.equal(leadingDocLines({ kind: 'import', startLine: 1, endLine: 2, text: '// Licence.\nimport { a } from "./a";\n', depth: 0 }), 0);
  });
});
