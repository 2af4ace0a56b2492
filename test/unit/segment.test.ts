import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Unit, UnitKind } from '../../src/engine/types';
import type { SegmentedFile } from '../../src/engine/segment/segmenter';
import { segmentFile } from '../../src/engine/segment/segmenter';
import type { LanguageId } from '../../src/engine/segment/languages';
import { languageOfPath } from '../../src/engine/segment/languages';
import { splitLines } from '../../src/engine/segment/lines';
import { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import { assetPaths, fixturePath } from './helpers/assets';

// Real code nobody in this project wrote (see test/fixtures/real/SOURCES.md), plus hostile input.

let runtime: TreeSitterRuntime;

before(() => {
  runtime = new TreeSitterRuntime(assetPaths().wasmDir);
});

function readReal(rel: string): string {
  return fs.readFileSync(fixturePath('real', rel), 'utf8');
}

async function segment(text: string, language: LanguageId): Promise<SegmentedFile> {
  const seg = await segmentFile(text, language, runtime);
  checkPartition(text, seg.units);
  return seg;
}

/** The units cover the file's lines exactly once, in order, and their texts are the file. */
function checkPartition(text: string, units: readonly Unit[]): void {
  const lines = splitLines(text);
  assert.ok(units.length > 0, 'no units');
  assert.equal(units[0]?.startLine, 1, 'first unit starts at line 1');
  assert.equal(units[units.length - 1]?.endLine, lines.length, 'last unit ends at the last line');
  let next = 1;
  for (const u of units) {
    assert.equal(u.startLine, next, `unit ${u.kind} ${u.name ?? ''} starts at ${u.startLine}, expected ${next}`);
    assert.ok(u.endLine >= u.startLine, `unit at ${u.startLine} ends before it starts`);
    assert.equal(u.text, lines.slice(u.startLine - 1, u.endLine).join(''), `text of unit ${u.startLine}-${u.endLine}`);
    next = u.endLine + 1;
  }
  assert.equal(units.map((u) => u.text).join(''), text, 'joined units give the file back');
}

const braced: ReadonlySet<LanguageId> = new Set(['typescript', 'tsx', 'javascript', 'go', 'rust', 'java', 'c', 'cpp']);

const markerRe = /… (\d+) lines? \(L(\d+)-(\d+)\)/;
const bracedMarkerRe = /\{ \/\* … \d+ lines? \(L\d+-\d+\) \*\/ \}/;

/** Source with comments and string/char literals removed, so that counting braces means something. */
function stripLiterals(source: string): string {
  return source.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n]){1,4}'|`(?:\\.|[^`\\])*`/g, '');
}

function braceBalance(source: string): number {
  const s = stripLiterals(source);
  let n = 0;
  for (const ch of s) {
    if (ch === '{') n++;
    else if (ch === '}') n--;
  }
  return n;
}

/**
 * A skeleton is the unit's text with the body's inner lines cut out: every line before and after the cut is
 * unchanged, the marker names the cut lines exactly, and (braced languages) the kept head ends where the body's
 * `{` was and the tail starts right after its `}`. Checking the slices line by line also checks the UTF-16 columns.
 */
function checkSkeleton(u: Unit, language: LanguageId): void {
  const sk = u.skeleton;
  if (sk === undefined) return;
  const where = `${u.kind} ${u.name ?? ''} (${u.startLine}-${u.endLine})`;
  assert.ok(sk.length < u.text.length, `skeleton of ${where} is not shorter`);
  const m = markerRe.exec(sk);
  assert.ok(m, `skeleton of ${where} has no marker: ${sk}`);
  const [n, a, b] = [Number(m[1]), Number(m[2]), Number(m[3])];
  assert.equal(n, b - a + 1, `marker count of ${where}`);
  assert.ok(a > u.startLine && b <= u.endLine && a <= b, `marker range L${a}-${b} inside ${where}`);
  const textLines = splitLines(u.text);
  const skLines = splitLines(sk);
  const firstCut = a - u.startLine; // index in textLines of the first elided line
  const lastCut = b - u.startLine;
  if (braced.has(language)) {
    assert.deepEqual(skLines.slice(0, firstCut - 1), textLines.slice(0, firstCut - 1), `head of ${where}`);
    const markerLine = skLines[firstCut - 1] ?? '';
    const parts = markerLine.split(bracedMarkerRe);
    assert.equal(parts.length, 2, `marker line of ${where}: ${markerLine}`);
    const [before = '', after = ''] = parts;
    const open = textLines[firstCut - 1] ?? '';
    const close = textLines[lastCut + 1] ?? '';
    assert.ok(open.startsWith(before) && open.slice(before.length).startsWith('{'), `head of ${where} ends at the body's {: ${JSON.stringify(before)}`);
    assert.ok(close.endsWith(after) && close.slice(0, close.length - after.length).endsWith('}'), `tail of ${where} starts after the body's }: ${JSON.stringify(after)}`);
    assert.deepEqual(skLines.slice(firstCut), textLines.slice(lastCut + 2), `lines after the body of ${where}`);
    assert.equal(braceBalance(sk), braceBalance(u.text), `brace balance of the skeleton of ${where}`);
  } else {
    assert.deepEqual(skLines.slice(0, firstCut), textLines.slice(0, firstCut), `head of ${where}`);
    assert.match(skLines[firstCut] ?? '', /^[ \t]*\.\.\. {2}# … /, `marker line of ${where}`);
    assert.deepEqual(skLines.slice(firstCut + 1), textLines.slice(lastCut + 1), `lines after the body of ${where}`);
  }
}

/** Every structural promise that holds for any file: skeletons, class closings, depths. */
function checkUnits(seg: SegmentedFile, language: LanguageId): void {
  seg.units.forEach((u, i) => {
    checkSkeleton(u, language);
    if (u.closesBack !== undefined) {
      const header = seg.units[i - u.closesBack];
      assert.ok(header, `closing unit at ${u.startLine} points before the file`);
      assert.ok(header.kind === 'class' || header.kind === 'type' || header.kind === 'other', `closing unit at ${u.startLine} points at a ${header.kind}`);
      assert.equal(u.kind, header.kind, `closing unit at ${u.startLine} has its header's kind`);
      assert.equal(header.closesBack, undefined, `closing unit at ${u.startLine} points at another closing unit`);
      assert.equal(header.name, u.name, `closing unit at ${u.startLine} names its class`);
      assert.equal(header.depth, u.depth);
      assert.match(u.text.trimStart(), /^\}/, `closing unit at ${u.startLine} starts with }`);
      for (const member of seg.units.slice(i - u.closesBack + 1, i)) {
        assert.ok(member.depth > u.depth, `member at ${member.startLine} is nested deeper than its class`);
      }
    }
    // Blank lines trail the unit above them, so no unit but the first opens with one.
    if (i > 0) assert.notEqual(splitLines(u.text)[0]?.trim(), '', `unit ${u.kind} ${u.name ?? ''} at ${u.startLine} opens with a blank line`);
  });
}

function unitsOf(seg: SegmentedFile, kind: UnitKind, name: string): Unit[] {
  return seg.units.filter((u) => u.kind === kind && u.name === name);
}

function one(seg: SegmentedFile, kind: UnitKind, name: string): Unit {
  // A container's closing line carries its header's kind and name; it is not the declaration.
  const found = unitsOf(seg, kind, name).filter((u) => u.closesBack === undefined);
  const summary = seg.units.map((u) => `${u.startLine}-${u.endLine} ${u.kind} ${u.name ?? ''}`).join('\n');
  assert.equal(found.length, 1, `expected one ${kind} ${name}, found ${found.length} in\n${summary}`);
  return found[0] as Unit;
}

function skeletonOf(u: Unit): string {
  assert.ok(u.skeleton !== undefined, `${u.kind} ${u.name ?? ''} (${u.startLine}-${u.endLine}) has no skeleton`);
  return u.skeleton;
}

function firstLine(u: Unit): string {
  return (splitLines(u.text)[0] ?? '').trimEnd();
}

/** Reads, detects the language from the extension, segments and checks the generic promises. */
async function real(rel: string, language: LanguageId): Promise<SegmentedFile> {
  assert.equal(languageOfPath(rel), language, `language of ${rel}`);
  const text = readReal(rel);
  const lineCount = splitLines(text).length;
  assert.ok(lineCount >= 100 && lineCount <= 600, `${rel} has ${lineCount} lines`);
  const seg = await segment(text, language);
  assert.equal(seg.hasErrors, false, `${rel} parses without errors`);
  checkUnits(seg, language);
  return seg;
}

// --- Real files -----------------------------------------------------------------------------------------------

test('typescript: @tanstack/query-core mutationCache.ts', async () => {
  const seg = await real('typescript/mutationCache.ts', 'typescript');
  const imports = seg.units[0] as Unit;
  assert.equal(imports.kind, 'import');
  assert.match(imports.text, /import \{ Mutation \} from '\.\/mutation'/);
  one(seg, 'type', 'MutationCacheConfig');
  one(seg, 'type', 'MutationCacheNotifyEvent');
  const headers = unitsOf(seg, 'class', 'MutationCache');
  assert.equal(headers.length, 2, 'header and closing unit');
  const [header, closing] = headers as [Unit, Unit];
  assert.match(header.text, /\* The `MutationCache` is the storage for mutations\./, 'doc comment belongs to the class');
  assert.match(firstLine(closing), /^\}$/);
  for (const name of ['build', 'add', 'remove', 'canRun', 'find', 'findAll', 'notify', 'resumePausedMutations']) {
    const m = one(seg, 'method', name);
    assert.equal(m.depth, 1);
    assert.ok(m.startLine > header.endLine && m.endLine < closing.startLine, `${name} lies inside the class`);
  }
  const build = one(seg, 'method', 'build');
  assert.ok(build.skeleton?.includes('  build<TData, TError, TVariables, TOnMutateResult>('), build.skeleton);
  const scopeFor = one(seg, 'function', 'scopeFor');
  assert.equal(scopeFor.depth, 0);
  assert.equal(scopeFor.endLine, splitLines(readReal('typescript/mutationCache.ts')).length);
});

test('typescript: @tanstack/query-core retryer.ts', async () => {
  const seg = await real('typescript/retryer.ts', 'typescript');
  one(seg, 'type', 'Retryer');
  one(seg, 'method', 'constructor');
  assert.equal(unitsOf(seg, 'class', 'CancelledError').length, 2);
  const create = one(seg, 'function', 'createRetryer');
  assert.ok(create.skeleton, 'createRetryer has a skeleton');
  assert.ok(create.skeleton.includes('export function createRetryer<TData = unknown, TError = DefaultError>('), create.skeleton);
  assert.ok(create.skeleton.length < create.text.length / 5, 'a 175-line function shrinks a lot');
  assert.ok(one(seg, 'function', 'isCancelledError').text.includes('export function isCancelledError('));
});

test('tsx: @tanstack/react-query HydrationBoundary.tsx and QueryErrorResetBoundary.tsx', async () => {
  const hb = await real('tsx/HydrationBoundary.tsx', 'tsx');
  assert.equal(firstLine(hb.units[0] as Unit), "'use client'");
  one(hb, 'type', 'HydrationBoundaryProps');
  const boundary = one(hb, 'function', 'HydrationBoundary');
  const boundarySkeleton = skeletonOf(boundary);
  assert.ok(boundarySkeleton.includes('export const HydrationBoundary = ({'), boundarySkeleton);
  assert.ok(!boundarySkeleton.includes('return children'), 'the JSX-returning body is elided');

  const qe = await real('tsx/QueryErrorResetBoundary.tsx', 'tsx');
  one(qe, 'function', 'createValue');
  // An expression-bodied arrow has nothing to elide: no skeleton, but it is still a function unit.
  assert.equal(one(qe, 'function', 'useQueryErrorResetBoundary').skeleton, undefined);
  const comp = one(qe, 'function', 'QueryErrorResetBoundary');
  assert.ok(comp.skeleton?.includes('export const QueryErrorResetBoundary = ({'), comp.skeleton);
});

test('javascript: eventemitter3 index.js (functions and prototype assignments)', async () => {
  const seg = await real('javascript/eventemitter3.js', 'javascript');
  for (const name of ['Events', 'EE', 'addListener', 'clearEvent', 'EventEmitter']) one(seg, 'function', name);
  const emit = one(seg, 'function', 'EventEmitter.prototype.emit');
  assert.ok(emit.skeleton?.includes('EventEmitter.prototype.emit = function emit(event, a1, a2, a3, a4, a5) {'), emit.skeleton);
  assert.match(emit.text, /^\/\*\*/, 'the JSDoc above belongs to the assignment');
  one(seg, 'function', 'EventEmitter.prototype.removeAllListeners');
});

test('python: packaging version.py (classes, docstrings, decorators)', async () => {
  const seg = await real('python/version.py', 'python');
  assert.ok(seg.units.some((u) => u.kind === 'import' && u.text.includes('import collections')));
  // parse() is a long docstring over a one-line body: eliding the body would not pay, so no skeleton.
  assert.equal(one(seg, 'function', 'parse').skeleton, undefined);
  // A class's docstring stays with its header (InvalidVersion is all docstring: one unit).
  const invalid = one(seg, 'class', 'InvalidVersion');
  assert.match(invalid.text, /Raised when a version string is not a valid version/);
  const version = one(seg, 'class', 'Version');
  assert.match(version.text, /This class abstracts handling of a project's versions\./);
  assert.equal(unitsOf(seg, 'class', 'Version').length, 1, 'indented bodies have no closing unit');
  const init = unitsOf(seg, 'method', '__init__')[0];
  assert.ok(init?.skeleton?.includes('"""Initialize a Version object.'), init?.skeleton);
  assert.equal(init?.depth, 1);
  const epoch = one(seg, 'method', 'epoch');
  assert.equal(firstLine(epoch), '    @property', 'decorators belong to the method');
  one(seg, 'function', '_cmpkey');
});

test('python: packaging _tokenizer.py', async () => {
  const seg = await real('python/_tokenizer.py', 'python');
  assert.equal(firstLine(one(seg, 'class', 'Token')), '@dataclass');
  assert.match(one(seg, 'class', 'Tokenizer').text, /Context-sensitive token parsing\./);
  for (const name of ['consume', 'check', 'expect', 'read', 'raise_syntax_error']) assert.equal(one(seg, 'method', name).depth, 1);
  const enclosing = one(seg, 'method', 'enclosing_tokens');
  assert.equal(firstLine(enclosing), '    @contextlib.contextmanager');
  assert.ok(enclosing.skeleton?.includes('    def enclosing_tokens('));
});

test('go: pkg/errors errors.go and stack.go', async () => {
  const seg = await real('go/errors.go', 'go');
  const pkg = seg.units[0] as Unit;
  assert.equal(pkg.kind, 'import');
  assert.match(pkg.text, /^package errors$/m);
  assert.match(pkg.text, /^import \($/m);
  const fnNew = one(seg, 'function', 'New');
  assert.ok(skeletonOf(fnNew).startsWith('// New returns an error with the supplied message.\n'), fnNew.skeleton);
  assert.ok(skeletonOf(fnNew).includes('func New(message string) error {'));
  for (const name of ['Errorf', 'WithStack', 'Wrap', 'Wrapf', 'WithMessage', 'WithMessagef']) one(seg, 'function', name);
  for (const name of ['fundamental', 'withStack', 'withMessage']) one(seg, 'type', name);
  assert.equal(unitsOf(seg, 'function', 'Format').length, 3, 'one Format method per error type');

  const stack = await real('go/stack.go', 'go');
  one(stack, 'type', 'Frame');
  one(stack, 'type', 'StackTrace');
  one(stack, 'function', 'funcname');
});

test('rust: hex lib.rs (traits, impls, attributes, test module)', async () => {
  const seg = await real('rust/lib.rs', 'rust');
  assert.equal(unitsOf(seg, 'class', 'ToHex').length, 2, 'trait header and closing unit');
  assert.equal(unitsOf(seg, 'method', 'encode_hex_upper').length, 2, 'the trait declares it, the blanket impl defines it');
  const iter = unitsOf(seg, 'class', "Iterator for BytesToHexChars<'a>");
  assert.equal(iter.length, 2, 'impls are named by what they implement');
  const next = one(seg, 'method', 'next');
  assert.ok(next.skeleton?.includes('    fn next(&mut self) -> Option<Self::Item> {'), next.skeleton);
  // Doc comments and attributes above an item belong to it.
  const encode = one(seg, 'function', 'encode');
  assert.match(encode.text, /^\/\/\/ Encodes `data` as hex string using lowercase characters\./);
  assert.match(encode.text, /#\[cfg\(feature = "alloc"\)\]\npub fn encode<T: AsRef<\[u8\]>>\(data: T\) -> String \{/);
  const decodeToSlice = one(seg, 'function', 'decode_to_slice');
  assert.match(decodeToSlice.text, /^\/\/\/ Decode a hex string into a mutable bytes slice\./);
  assert.ok(decodeToSlice.skeleton?.includes('pub fn decode_to_slice<T: AsRef<[u8]>>(data: T, out: &mut [u8]) -> Result<(), FromHexError> {'), decodeToSlice.skeleton);
  const encodeToIter = one(seg, 'function', 'encode_to_iter');
  assert.equal(firstLine(encodeToIter), '#[inline]');
  const testMod = unitsOf(seg, 'class', 'test');
  assert.equal(testMod.length, 2, 'mod test header and closing unit');
  assert.match((testMod[0] as Unit).text, /^#\[cfg\(test\)\]\nmod test \{/);
  assert.equal(firstLine(one(seg, 'method', 'test_encode')), '    #[test]');
});

test('java: cordova-android NativeToJsMessageQueue.java and CordovaPlugin.java', async () => {
  const seg = await real('java/NativeToJsMessageQueue.java', 'java');
  const head = seg.units[0] as Unit;
  assert.equal(head.kind, 'import');
  assert.match(head.text, /^package org\.apache\.cordova;$/m);
  assert.match(head.text, /^import java\.util\.ArrayList;$/m);
  const outer = unitsOf(seg, 'class', 'NativeToJsMessageQueue');
  assert.equal(outer.length, 2);
  assert.equal((outer[1] as Unit).endLine, 556);
  const bridge = unitsOf(seg, 'class', 'BridgeMode');
  assert.equal(bridge.length, 2, 'nested class header and closing unit');
  assert.equal((bridge[0] as Unit).depth, 1);
  const nested = unitsOf(seg, 'method', 'onNativeToJsMessageAvailable');
  assert.ok(nested.length >= 4 && nested.every((m) => m.depth === 2));
  const pop = one(seg, 'method', 'popAndEncode');
  assert.ok(pop.skeleton?.includes('    public String popAndEncode(boolean fromOnlineEvent) {'), pop.skeleton);
  assert.equal(unitsOf(seg, 'class', 'OnlineEventsBridgeModeDelegate')[0]?.depth, 2, 'an interface inside a nested class');

  const plugin = await real('java/CordovaPlugin.java', 'java');
  assert.equal(unitsOf(plugin, 'method', 'execute').length, 3, 'three execute overloads');
  const onPause = one(plugin, 'method', 'onPause');
  assert.match(onPause.text, /\/\*\*\n\s+\* Called when the system is about to start resuming a previous activity\./);
});

test('c: tree-sitter-python scanner.c', async () => {
  const seg = await real('c/scanner.c', 'c');
  assert.equal((seg.units[0] as Unit).kind, 'import');
  for (const name of ['TokenType', 'Delimiter', 'Scanner']) one(seg, 'type', name);
  const scan = one(seg, 'function', 'tree_sitter_python_external_scanner_scan');
  assert.ok(skeletonOf(scan).startsWith('bool tree_sitter_python_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {'), scan.skeleton);
  assert.ok(skeletonOf(scan).length < 200);
  one(seg, 'function', 'tree_sitter_python_external_scanner_create'); // `void *f()`: pointer declarator around the name
  assert.equal(one(seg, 'function', 'is_raw').skeleton, undefined, 'one-line functions keep no skeleton');
});

test('cpp: CLI11 Timer.hpp and FormatterFwd.hpp', async () => {
  const seg = await real('cpp/Timer.hpp', 'cpp');
  const ns = unitsOf(seg, 'class', 'CLI');
  assert.equal(ns.length, 2, 'namespace header and closing unit');
  assert.match(firstLine(ns[1] as Unit), /^\}\s+\/\/ namespace CLI$/);
  assert.equal(unitsOf(seg, 'class', 'AutoTimer')[0]?.depth, 1);
  assert.equal(unitsOf(seg, 'class', 'Timer').length, 2);
  const timeIt = one(seg, 'method', 'time_it');
  assert.equal(timeIt.depth, 2);
  assert.ok(timeIt.skeleton?.includes('    std::string time_it(std::function<void()> f, double target_time = 1) {'), timeIt.skeleton);
  assert.equal(unitsOf(seg, 'method', 'make_time_str').length, 2);
  one(seg, 'method', 'operator/');
  one(seg, 'method', '~AutoTimer');
  one(seg, 'function', 'operator<<');

  const fwd = await real('cpp/FormatterFwd.hpp', 'cpp');
  // Declarations of member functions are methods, named by the function rather than its first parameter.
  for (const name of ['make_help', 'make_usage', 'make_option_name']) assert.ok(unitsOf(fwd, 'method', name).length >= 1, name);
  one(fwd, 'method', '~FormatterBase');
  assert.equal(unitsOf(fwd, 'class', 'FormatterBase').length, 2);
  one(fwd, 'type', 'AppFormatMode');
});

// --- Hostile input ----------------------------------------------------------------------------------------------

test('empty and whitespace-only files', async () => {
  for (const language of ['typescript', 'python', 'c', 'text'] as const) {
    const empty = await segment('', language);
    assert.equal(empty.units.length, 1);
    assert.equal(empty.hasErrors, false);
    const blank = await segment('  \n\n\t\n   ', language);
    assert.equal(blank.hasErrors, false);
  }
});

test('syntax errors: still a partition, hasErrors set, good code around the error still found', async () => {
  const ts = 'import { a } from "a";\n\nfunction broken(x: number {\n  return x +;\n}\n\nclass Fine {\n  ok(): number {\n    const y = 1;\n    return y;\n  }\n}\n\nfunction after() {\n  return 1;\n}\n';
  const segTs = await segment(ts, 'typescript');
  assert.equal(segTs.hasErrors, true);
  checkUnits(segTs, 'typescript');
  assert.equal((segTs.units[0] as Unit).kind, 'import');
  const py = 'def f(:\n    pass\n\nclass C:\n    def m(self):\n        return [1, 2\n\ndef g():\n    a = 1\n    b = 2\n    return a + b\n';
  const segPy = await segment(py, 'python');
  assert.equal(segPy.hasErrors, true);
  checkUnits(segPy, 'python');
  const c = 'int main( {\n  return 0;\n}\n}}}\nstatic int ok(void) {\n  int a = 1;\n  return a;\n}\n';
  const segC = await segment(c, 'c');
  assert.equal(segC.hasErrors, true);
  checkUnits(segC, 'c');
  // Truncated mid-file, as in an editor while typing.
  const cut = readReal('java/CordovaPlugin.java');
  const segCut = await segment(cut.slice(0, Math.floor(cut.length / 2)), 'java');
  assert.equal(segCut.hasErrors, true);
  checkUnits(segCut, 'java');
});

test('unknown language: blocks separated by blank lines, blank lines trailing their block', async () => {
  const text = 'alpha\nbeta\n\ngamma\n\n\ndelta\n';
  const seg = await segment(text, 'text');
  assert.deepEqual(
    seg.units.map((u) => [u.kind, u.startLine, u.endLine]),
    [['block', 1, 3], ['block', 4, 6], ['block', 7, 7]],
  );
  // A long paragraph is cut into bounded blocks.
  const long = Array.from({ length: 150 }, (_, i) => `line ${i}`).join('\n') + '\n';
  const segLong = await segment(long, 'text');
  assert.ok(segLong.units.length >= 3 && segLong.units.every((u) => u.endLine - u.startLine < 60));
});

test('a 2 MB generated file still partitions; text past the parse limit falls back to blocks', async () => {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 2_000_000; i++) {
    const fn = `/** Doc ${i}. */\nexport function f${i}(a: number, b: string): number {\n  const s = b + "${i}";\n  if (a > ${i}) {\n    return a - ${i};\n  }\n  return s.length + a;\n}\n\n`;
    parts.push(fn);
    size += fn.length;
  }
  const big = parts.join('');
  const seg = await segment(big, 'typescript');
  assert.equal(seg.hasErrors, false);
  assert.equal(seg.units.length, parts.length);
  const last = seg.units[seg.units.length - 1] as Unit;
  assert.equal(last.name, `f${parts.length - 1}`);
  checkSkeleton(last, 'typescript');

  const huge = 'x = 1\n'.repeat(700_000); // 4.2 M characters: past MAX_PARSE_CHARS
  const segHuge = await segment(huge, 'python');
  assert.ok(segHuge.units.every((u) => u.kind === 'block'));
});

test('CRLF line endings: same units as LF, skeletons stay CRLF', async () => {
  for (const [rel, language] of [['go/errors.go', 'go'], ['python/version.py', 'python'], ['typescript/retryer.ts', 'typescript']] as const) {
    const lf = readReal(rel);
    assert.ok(!lf.includes('\r'));
    const crlf = lf.replace(/\n/g, '\r\n');
    const a = await segment(lf, language);
    const b = await segment(crlf, language);
    checkUnits(b, language);
    const shape = (s: SegmentedFile): string[] => s.units.map((u) => `${u.startLine}-${u.endLine} ${u.kind} ${u.name ?? ''} ${u.skeleton !== undefined}`);
    assert.deepEqual(shape(b), shape(a), rel);
    for (const u of b.units) {
      if (u.skeleton === undefined) continue;
      assert.ok(!/[^\r]\n/.test(u.skeleton), `skeleton of ${u.name ?? ''} in ${rel} has a bare LF: ${JSON.stringify(u.skeleton)}`);
    }
  }
});

test('no final newline', async () => {
  const py = 'import os\n\ndef f(x):\n    """Doc."""\n    y = x + 1\n    z = y * 2\n    return z';
  const segPy = await segment(py, 'python');
  checkUnits(segPy, 'python');
  const f = one(segPy, 'function', 'f');
  assert.equal(f.skeleton, 'def f(x):\n    """Doc."""\n    ...  # … 3 lines (L5-7)', 'an unterminated last line stays unterminated');
  const js = 'function g(a) {\n  const b = a;\n  return b;\n}';
  const segJs = await segment(js, 'javascript');
  assert.equal(one(segJs, 'function', 'g').skeleton, 'function g(a) { /* … 2 lines (L2-3) */ }');
});

test('non-ASCII identifiers and emoji: skeletons slice at UTF-16 columns', async () => {
  const js = [
    'const café = "☕";',
    'function ñandú(x = "🦤🦤", 名前 = \'😀\') {',
    '  const a = "👍🏽";',
    '  const b = a.repeat(3) + "🦤" + x;',
    '  return a + b + x + 名前;',
    '} // 🎉 done',
    '',
  ].join('\n');
  const segJs = await segment(js, 'javascript');
  checkUnits(segJs, 'javascript');
  const fn = one(segJs, 'function', 'ñandú');
  assert.equal(fn.skeleton, 'function ñandú(x = "🦤🦤", 名前 = \'😀\') { /* … 3 lines (L3-5) */ } // 🎉 done\n');

  const ts = 'class Ünïcode {\n  grüße(😀: string = "𝒳"): string { const s = "🚀";\n    const t = s + "ü";\n    return t;\n  } /* ✓ */\n}\n';
  const segTs = await segment(ts, 'typescript');
  checkUnits(segTs, 'typescript');

  const py = 'def größe(s="😀"):\n    """Größe 📏."""\n    a = len(s)\n    return a * 2\n';
  const segPy = await segment(py, 'python');
  checkUnits(segPy, 'python');
  assert.equal(one(segPy, 'function', 'größe').skeleton, 'def größe(s="😀"):\n    """Größe 📏."""\n    ...  # … 2 lines (L3-4)\n');

  const go = 'package main\n\n// Größe 📏\nfunc Größe(s string) int { x := "🦤"\n\tn := len(s + x)\n\treturn n\n}\n';
  const segGo = await segment(go, 'go');
  checkUnits(segGo, 'go');
  assert.equal(one(segGo, 'function', 'Größe').skeleton, '// Größe 📏\nfunc Größe(s string) int { /* … 2 lines (L5-6) */ }\n');
});

test('minified one-line JavaScript (eventemitter3 UMD build)', async () => {
  const text = readReal('javascript/eventemitter3.umd.min.js');
  assert.equal(splitLines(text).length, 1);
  const seg = await segment(text, 'javascript');
  assert.equal(seg.units.length, 1);
  checkUnits(seg, 'javascript');
  const noNewline = await segment(text.trimEnd(), 'javascript');
  assert.equal(noNewline.units.length, 1);
});

test('C header with an include guard is opened up', async () => {
  const h = [
    '/* add.h */',
    '#ifndef ADD_H',
    '#define ADD_H',
    '',
    '#include <stdio.h>',
    '',
    '/* Adds. */',
    'int add(int a, int b);',
    'int (*handler)(int);',
    '',
    'static int twice(int x) {',
    '  int y = x;',
    '  return y * 2;',
    '}',
    '',
    '#ifdef _WIN32',
    'static int os(void) { return 1; }',
    '#else',
    'static int os(void) {',
    '  int unix = 2;',
    '  return unix;',
    '}',
    '#endif',
    '',
    '#endif /* ADD_H */',
    '',
  ].join('\n');
  const seg = await segment(h, 'c');
  assert.equal(seg.hasErrors, false);
  checkUnits(seg, 'c');
  assert.ok(seg.units.some((u) => u.kind === 'import' && u.text.includes('#include <stdio.h>')));
  assert.equal(firstLine(one(seg, 'function', 'add')), '/* Adds. */', 'prototype with its comment');
  assert.equal(unitsOf(seg, 'function', 'handler').length, 0, 'a function pointer is not a function');
  assert.ok(one(seg, 'function', 'twice').skeleton);
  assert.equal(unitsOf(seg, 'function', 'os').length, 2, 'both branches of #ifdef');
  const elseBranch = unitsOf(seg, 'function', 'os')[1] as Unit;
  assert.equal(firstLine(elseBranch), '#else', 'a directive line leads into what follows it');
  const lastUnit = seg.units[seg.units.length - 1] as Unit;
  assert.match(lastUnit.text, /#endif \/\* ADD_H \*\/\n$/, 'the closing #endif trails the last unit');
});

// A header written like nlohmann/json's (its macros, its shape): the grammar cannot expand the macros.
const macroHeader = [
  '#include <string>',
  '',
  'LIBX_NAMESPACE_BEGIN',
  '/*!',
  '@brief internal helpers',
  '*/',
  'namespace detail',
  '{',
  '',
  'inline void replace_all(std::string& s, const std::string& f, const std::string& t)',
  '{',
  '    for (auto pos = s.find(f); pos != std::string::npos; pos = s.find(f, pos + t.size()))',
  '    {',
  '        s.replace(pos, f.size(), t);',
  '    }',
  '}',
  '',
  'LIBX_BASIC_TEMPLATE_DECLARATION',
  'class lexer',
  '{',
  '  public:',
  '    int scan() { return next(); }',
  '',
  '    LIBX_NON_NULL(1)',
  '    token_type scan_literal(const char* text, const std::size_t length,',
  '                            token_type kind)',
  '    {',
  '        LIBX_ASSERT(text != nullptr);',
  '        for (int i = 0; text[i] != 0; ++i)',
  '        {',
  '            current += text[i];',
  '        }',
  '        return current;',
  '    }',
  '',
  '  LIBX_PRIVATE_UNLESS_TESTED:',
  '    int next()',
  '    {',
  '        return current++;',
  '    }',
  '    int current = 0;',
  '};',
  '',
  '}  // namespace detail',
  'LIBX_NAMESPACE_END',
  '',
].join('\n');

test('C++: macros where the grammar expects syntax do not swallow a header into one unit', async () => {
  const seg = await segment(macroHeader, 'cpp');
  const names = seg.units.map((u) => u.name);
  for (const name of ['replace_all', 'lexer', 'scan', 'scan_literal', 'next']) assert.ok(names.includes(name), `${name} is not a unit of its own: ${JSON.stringify(names)}`);
  assert.ok(!seg.units.some((u) => u.kind === 'function' && /namespace/.test(u.name ?? '')), 'a macro and its namespace read as one function');
  assert.ok(!seg.units.some((u) => u.name === 'for' || u.name === 'LIBX_ASSERT'), 'statements of a body read as units');
  // The macro lines are still in the units' text (checkPartition: the units give the file back).
  assert.ok(seg.units.some((u) => u.text.includes('LIBX_NAMESPACE_BEGIN')));
  assert.ok(seg.units.some((u) => u.text.includes('LIBX_PRIVATE_UNLESS_TESTED:')));
});

test('C: an upper-case enumerator alone on its line stays code', async () => {
  const text = 'enum color {\n  COLOR_RED,\n  COLOR_LAST\n};\n\nint pick(void) { return COLOR_LAST; }\n';
  const seg = await segment(text, 'c');
  assert.deepEqual(seg.units.map((u) => [u.kind, u.name]), [['type', 'color'], ['other', 'COLOR_RED'], ['other', 'COLOR_LAST'], ['type', 'color'], ['function', 'pick']]);
});

// An attribute macro above a member function (as in nlohmann/json's lexer): without blanking it, the grammar
// reads the function's statements as members.
const attributeMacro = [
  "namespace detail",
  "{",
  "template<typename BasicJsonType>",
  "class lexer : public lexer_base<BasicJsonType>",
  "{",
  "  public:",
  "    token_type scan_number()",
  "    {",
  "        return token_type::value_float;",
  "    }",
  "",
  "    /*!",
  "    @param[in] literal_text  the literal text to expect",
  "    */",
  "    JSON_HEDLEY_NON_NULL(2)",
  "    token_type scan_literal(const char_type* literal_text, const std::size_t length,",
  "                            token_type return_type)",
  "    {",
  "        JSON_ASSERT(std::char_traits<char_type>::to_char_type(current) == literal_text[0]);",
  "        for (std::size_t i = 1; i < length; ++i)",
  "        {",
  "            if (JSON_HEDLEY_UNLIKELY(std::char_traits<char_type>::to_char_type(get()) != literal_text[i]))",
  "            {",
  "                return token_type::parse_error;",
  "            }",
  "        }",
  "        return return_type;",
  "    }",
  "",
  "    void reset() noexcept",
  "    {",
  "        current = 0;",
  "    }",
  "};",
  "}",
].join('\n');

test('C++: an attribute macro above a member function keeps the function one unit', async () => {
  const seg = await segment(attributeMacro, 'cpp');
  assert.deepEqual(
    seg.units.filter((u) => u.kind === 'method').map((u) => [u.name, u.startLine, u.endLine]),
    [['scan_number', 7, 11], ['scan_literal', 12, 29], ['reset', 30, 33]],
  );
});

test('C++: a syntax error tree-sitter cannot confine (a brace opened in both #if branches) does not make the file one unit', async () => {
  const text = [
    '#ifndef GUARD_H_',
    '#define GUARD_H_',
    '',
    'namespace outer {',
    '#if defined(USE_INLINE)',
    'inline namespace v1 {',
    '#else',
    'namespace v1 {',
    '#endif',
    '',
    'int first(int a) {',
    '  return a + 1;',
    '}',
    '',
    'int second(int b) {',
    '  int c = b * 2;',
    '  return c;',
    '}',
    '',
    'class widget {',
    ' public:',
    '  int size() const { return n; }',
    ' private:',
    '  int n = 0;',
    '};',
    '',
    '}  // namespace v1',
    '}  // namespace outer',
    '',
    '#endif',
    '',
  ].join('\n');
  const seg = await segment(text, 'cpp');
  assert.equal(seg.hasErrors, true, 'the grammar does report the error');
  const unit = (name: string): Unit | undefined => seg.units.find((u) => u.name === name);
  assert.deepEqual([unit('first')?.startLine, unit('first')?.endLine], [11, 14]);
  assert.deepEqual([unit('second')?.startLine, unit('second')?.endLine], [15, 19]);
  assert.equal(unit('size')?.kind, 'method');
  assert.match(unit('second')?.skeleton ?? '', /int second\(int b\) \{ \/\* … 2 lines/, 'a function inside the error still gets a skeleton');
  // An error holding only fragments (a statement half typed) stays where it is, one unit with its function.
  const typing = await segment('int ok(void) {\n  return 1;\n}\n\nint typing(int x) {\n  return x +\n', 'cpp');
  assert.ok(typing.units.some((u) => u.name === 'ok'));
});

test('errorLines measures the largest region the parser lost: 1 for syntax newer than the grammar, more for a broken block', async () => {
  // `export type * from` (TypeScript 5.0) is not in the grammar: a one-line error that changes no unit (the
  // compressor does not warn about it; see compress.test.ts).
  const modern = await segment('export type * from "./types";\nexport function f(): number {\n  return 1;\n}\n', 'typescript');
  assert.equal(modern.hasErrors, true);
  assert.equal(modern.errorLines, 1);
  const broken = await segment('function f( {\n  return 1\n}}}\nclass {\n', 'typescript');
  assert.ok(broken.errorLines >= 3, `errorLines ${broken.errorLines}`);
  const fine = await segment('export function g(): number {\n  return 2;\n}\n', 'typescript');
  assert.equal(fine.errorLines, 0);
});

/** 150 small functions with doc comments: far more than a small budget holds as one unit. */
const manyFunctions = Array.from({ length: 150 }, (_, i) => `/// Adds ${i}.\ninline int add_${i}(int a, int b) {\n  int c = a + b * ${i};\n  return c - ${i};\n}\n`).join('');

test('C++: a namespace the grammar misreads as one unit is opened into the declarations it holds', async () => {
  for (const head of ['namespace foo __attribute__((visibility("default"))) {', 'namespace foo { MY_API_BEGIN(x)']) {
    const seg = await segment(`${head}\n${manyFunctions}}\n`, 'cpp');
    const fns = seg.units.filter((u) => u.kind === 'method' || u.kind === 'function');
    assert.equal(fns.length, 150, `${head}: ${seg.units.length} units`);
    assert.deepEqual([fns[0]?.name, fns[0]?.startLine, fns[0]?.endLine], ['add_0', 2, 6]);
    const last = seg.units.at(-1);
    assert.equal(last?.closesBack, 151, 'the closing brace closes the opened namespace');
    assert.ok(seg.units.every((u) => u.text.length < 1000), 'no unit left too big to choose');
  }
});

test('a long function stays one unit with its skeleton: only containers are opened', async () => {
  const statements = Array.from({ length: 600 }, (_, i) => `  total += helper(values[${i}], ${i}) * weight;\n`).join('');
  const text = `function sum(values, weight) {\n  let total = 0;\n${statements}  const inner = () => 1;\n  function nested() { return 2; }\n  return total + inner() + nested();\n}\n`;
  assert.ok(text.length > 20_000);
  const seg = await segment(text, 'javascript');
  assert.deepEqual(seg.units.map((u) => [u.kind, u.name]), [['function', 'sum']]);
  assert.ok(seg.units[0]?.skeleton !== undefined);
});
