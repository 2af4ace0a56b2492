import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Compressor } from '../../src/engine';
import { segmentFile } from '../../src/engine/segment/segmenter';
import type { LanguageId } from '../../src/engine/segment/languages';
import { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import { declarationParts } from '../../src/engine/render/render';
import type { Unit } from '../../src/engine/types';
import { assetPaths } from './helpers/assets';

// Issue 17: every name a file defines can be kept as its own declaration line, whatever group declares it.

let runtime: TreeSitterRuntime;

before(() => {
  runtime = new TreeSitterRuntime(assetPaths().wasmDir);
});

/** What a one-line mention of a unit keeps: its declaration line(s), or the unit itself when it has nothing else. */
function mention(unit: Unit): string {
  return (declarationParts(unit)?.text ?? unit.text).trimEnd();
}

/** The mention of the unit declaring `name` (not a closing line), which must exist. */
async function mentionOf(text: string, language: LanguageId, name: string): Promise<string> {
  const { units } = await segmentFile(text, language, runtime);
  const found = units.filter((u) => u.name === name && u.closesBack === undefined);
  const summary = units.map((u) => `${u.startLine}-${u.endLine} ${u.kind} ${u.name ?? ''}`).join('\n');
  assert.equal(found.length, 1, `expected one unit named ${name} in\n${summary}`);
  return mention(found[0] as Unit);
}

const cases: { language: LanguageId; text: string; mentions: Record<string, string> }[] = [
  {
    language: 'go',
    text: [
      'package token',
      '',
      '// Kinds of token.',
      'const (',
      '\t// ILLEGAL is what the scanner cannot read.',
      '\tILLEGAL Token = iota',
      '\tEOF',
      '\tCOMMENT',
      ')',
      '',
      'var (',
      '\tErrShort = errors.New("short")',
      '\tx, y     = 1, 2',
      ')',
      '',
      'type (',
      '\tPos int',
      '\tFile struct {',
      '\t\tname string',
      '\t}',
      ')',
      '',
    ].join('\n'),
    mentions: { ILLEGAL: '\tILLEGAL Token = iota', EOF: '\tEOF', ErrShort: '\tErrShort = errors.New("short")', x: '\tx, y     = 1, 2', Pos: '\tPos int', File: '\tFile struct {' },
  },
  {
    language: 'typescript',
    text: [
      'export const MIN = 1,',
      '  /** The largest. */',
      '  MAX = 9,',
      '  MID = (MIN + MAX) / 2;',
      '',
      'export enum Color {',
      '  Red,',
      '  Green = "green",',
      '}',
      '',
      'export interface Options {',
      '  readonly depth: number;',
      '  name?: string;',
      '}',
      '',
      'export type Id = string;',
      '',
      'class Box {',
      '  static readonly LIMIT = 3;',
      '  private size = 0;',
      '  grow(by: number): void {',
      '    this.size += by;',
      '  }',
      '}',
      '',
    ].join('\n'),
    mentions: {
      MIN: 'export const MIN = 1,',
      MAX: '  MAX = 9,',
      MID: '  MID = (MIN + MAX) / 2;',
      Red: '  Red,',
      Green: '  Green = "green",',
      depth: '  readonly depth: number;',
      name: '  name?: string;',
      Id: 'export type Id = string;',
      LIMIT: '  static readonly LIMIT = 3;',
      size: '  private size = 0;',
      grow: '  grow(by: number): void {',
    },
  },
  {
    language: 'javascript',
    text: ['var a = 1,', '    b = {', '      deep: true,', '    },', '    c = 3;', ''].join('\n'),
    mentions: { a: 'var a = 1,', b: '    b = {', c: '    c = 3;' },
  },
  {
    language: 'python',
    text: [
      '"""A module."""',
      '',
      '# Seconds before giving up.',
      'TIMEOUT = 30',
      'TABLE = {',
      '    "a": 1,',
      '    "b": 2,',
      '}',
      'limit: int = 4',
      '',
      'class Box:',
      '    SIZE = 3',
      '    kind: str = "box"',
      '',
      '    def grow(self, by):',
      '        return by',
      '',
    ].join('\n'),
    mentions: { TIMEOUT: 'TIMEOUT = 30', TABLE: 'TABLE = {', limit: 'limit: int = 4', SIZE: '    SIZE = 3', kind: '    kind: str = "box"', grow: '    def grow(self, by):' },
  },
  {
    language: 'c',
    text: [
      '#include <stdio.h>',
      '',
      '/* The largest buffer. */',
      '#define MAX_BUF 64',
      '#define SQUARE(x) \\',
      '  ((x) * (x))',
      '',
      'typedef enum {',
      '  MODE_A,',
      '  MODE_B = 2,',
      '} Mode;',
      '',
      'struct point {',
      '  int x;',
      '  int y;',
      '};',
      '',
    ].join('\n'),
    mentions: { MAX_BUF: '#define MAX_BUF 64', SQUARE: '#define SQUARE(x) \\', MODE_A: '  MODE_A,', MODE_B: '  MODE_B = 2,', x: '  int x;', y: '  int y;' },
  },
  {
    language: 'cpp',
    text: [
      '#define JSON_VERSION 3',
      '',
      'namespace json {',
      'enum class kind : int {',
      '  null,',
      '  number,',
      '};',
      '',
      'using index_t = long;',
      '',
      'class value {',
      ' public:',
      '  static constexpr int depth = 512;',
      '  kind type() const { return k; }',
      ' private:',
      '  kind k;',
      '};',
      '}  // namespace json',
      '',
    ].join('\n'),
    mentions: { JSON_VERSION: '#define JSON_VERSION 3', null: '  null,', number: '  number,', index_t: 'using index_t = long;', depth: '  static constexpr int depth = 512;', k: '  kind k;' },
  },
  {
    language: 'rust',
    text: [
      'pub const LIMIT: usize = 8;',
      '',
      'pub enum Shape {',
      '    /// A point.',
      '    Dot,',
      '    Circle { r: f64 },',
      '}',
      '',
      'pub struct Config {',
      '    pub depth: u32,',
      '    name: String,',
      '}',
      '',
      'pub type Result<T> = std::result::Result<T, Error>;',
      '',
    ].join('\n'),
    mentions: { LIMIT: 'pub const LIMIT: usize = 8;', Dot: '    Dot,', Circle: '    Circle { r: f64 },', depth: '    pub depth: u32,', name: '    name: String,', Result: 'pub type Result<T> = std::result::Result<T, Error>;' },
  },
  {
    language: 'java',
    text: [
      'public enum Level {',
      '    LOW,',
      '    HIGH;',
      '',
      '    static final int COUNT = 2;',
      '',
      '    int rank() {',
      '        return ordinal();',
      '    }',
      '}',
      '',
    ].join('\n'),
    mentions: { LOW: '    LOW,', HIGH: '    HIGH;', COUNT: '    static final int COUNT = 2;', rank: '    int rank() {' },
  },
];

for (const c of cases) {
  test(`${c.language}: every name of a grouped declaration has a mention of its own`, async () => {
    for (const [name, expected] of Object.entries(c.mentions)) assert.equal(await mentionOf(c.text, c.language, name), expected, name);
  });
}

test('a name in a group is kept as its own line when the group does not fit, the rest marked as left out', async () => {
  const constants = Array.from({ length: 60 }, (_, i) => `\tKind${i} Kind = ${i * 7} // kind number ${i}`);
  const token = ['package token', '', 'const (', ...constants, ')', ''].join('\n');
  const query = ['package parse', '', 'func next() Kind {', '\treturn Kind42', ''].join('\n');
  const root = path.resolve(__dirname, '../../..');
  const assets = { wasmDir: path.join(root, 'dist/assets/wasm'), tokenizersDir: path.join(root, 'dist/assets/tokenizers') };
  const compressor = new Compressor(assets, { info() {}, warn() {}, error() {}, debug() {} });
  const r = await compressor.compress({
    files: [{ path: 'token.go', text: token }, { path: 'parse.go', text: query }],
    query,
    pinned: [{ path: 'parse.go', startLine: 1, endLine: 5 }],
    budget: 120,
    decoder: 'qwen2.5-coder-7b',
    entropy: false,
  });
  assert.ok(r.text.includes('\tKind42 Kind = 294 // kind number 42\n'), r.text);
  assert.ok(!r.text.includes('Kind41 '), 'the group is not kept whole');
  assert.ok(r.text.includes('⋮'), 'what was left out is marked');
  assert.ok(r.stats.compressedTokens <= 120);
});
