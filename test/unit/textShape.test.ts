// The table and blob detectors skip a text whose shape (textShape) says it cannot hold what they look for; these
// tests hold them to finding exactly what they find without that shortcut, on real files and on seeded texts
// built to sit at the detectors' thresholds.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { detectBlobs } from '../../src/engine/density/detectors';
import { countLine, dataTables, hasQuote, mayHoldNumbers, NUMERIC_TABLE_NUMBERS, numericTables, withoutStrings } from '../../src/engine/density/tables';
import { countSubstrings, textShape, type TextShape } from '../../src/engine/density/textShape';
import { realFixtures } from './helpers/assets';

/** A shape that rules nothing out: the detectors then run in full. */
const OPEN: TextShape = {
  lines: Infinity,
  digitRuns: Infinity,
  quotes: Infinity,
  backslashes: Infinity,
  digitRunsInNumberLines: Infinity,
  literalLines: Infinity,
  longestBase64Run: Infinity,
  longestUrlSafeRun: Infinity,
  longestHexRun: Infinity,
};

/** Source files of the real fixtures and of the workspace fixture. */
function realTexts(): string[] {
  return ['real', 'workspace'].flatMap((d) => realFixtures(/\.(c|cc|cpp|h|hpp|go|java|js|mjs|py|rs|ts|tsx)$/, d).map((f) => f.text));
}

function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

/** Pieces that make tables, blobs and near misses: numbers, literal words, strings, escapes, base64, words. */
const PIECES = ['0', '42', '3.5', '-7', '0x1F', 'true', 'null', 'None', '"ab"', "'x'", '"The end."', '`t`', '\\x0a', '\\u00c0', 'aB3+/', 'Zq9_-', 'fe', 'name', 'call(', ');', 'case 1:', '// note', ', ', ' ', '[', ']', '{', '='];

/** …and the literals alone, for rows of a table; some tables are mostly literal words. */
const LITERALS = ['0', '42', '3.5', '-7', '0x1F', 'true', 'null', 'None', '"ab"', "'x'", '`t`', 'name'];
const WORDY_LITERALS = ['true', 'null', 'None', 'False', '0', '"ab"'];

function seededText(r: () => number): string {
  const pick = (from: readonly string[]): string => from[Math.floor(r() * from.length)] ?? '';
  const lines: string[] = [];
  const rows = r() < 0.5;
  const literals = r() < 0.5 ? LITERALS : WORDY_LITERALS;
  // Tables of rows just over and under a data table's 64 lines, and anything else.
  const count = rows && r() < 0.5 ? 58 + Math.floor(r() * 14) : 1 + Math.floor(r() * (rows ? 200 : 160));
  for (let i = 0; i < count; i++) {
    let line = '';
    const pieces = rows ? 1 + Math.floor(r() * 4) : Math.floor(r() * 12);
    // Some lines repeat one piece many times: long base64, hex and escape runs.
    const repeat = r() < 0.05 ? pick(PIECES) : '';
    for (let k = 0; k < pieces; k++) line += repeat ? repeat.repeat(20) : rows ? `${pick(literals)}, ` : pick(PIECES);
    lines.push(line);
  }
  return lines.join('\n');
}

test('textShape counts lines, digit runs, quotes, backslashes and the longest runs', () => {
  const shape = textShape('a = "x1" + 23\nb 4 5 6 \\n\n' + 'Ab0+/'.repeat(30) + '\nff00ff');
  assert.deepEqual(shape, {
    lines: 4,
    digitRuns: 2 + 3 + 30 + 1,
    quotes: 2,
    backslashes: 1,
    digitRunsInNumberLines: 3 + 30,
    literalLines: 4,
    longestBase64Run: 150,
    longestUrlSafeRun: 6,
    longestHexRun: 6,
  });
  assert.equal(countSubstrings('true, null, nullable, NULL', ['null', 'NULL', 'true']), 4);
});

test('the detectors find the same with and without the shape\'s shortcut: real files', () => {
  const texts = realTexts();
  assert.ok(texts.length > 20, `${texts.length} real files`);
  for (const text of texts) {
    assert.deepEqual(numericTables(text), numericTables(text, NUMERIC_TABLE_NUMBERS, OPEN));
    assert.deepEqual(dataTables(text), dataTables(text, OPEN));
    assert.deepEqual(detectBlobs(text), detectBlobs(text, OPEN));
  }
});

test('the detectors find the same with and without the shape\'s shortcut: 3,000 seeded texts at their thresholds', () => {
  const r = random(7);
  const found = { numeric: 0, smallNumeric: 0, data: 0, blobs: 0 };
  for (let i = 0; i < 3000; i++) {
    const text = seededText(r);
    const numeric = numericTables(text, NUMERIC_TABLE_NUMBERS, OPEN);
    assert.deepEqual(numericTables(text), numeric, text);
    // Low bars put many texts right at them.
    const bar = 3 + Math.floor(r() * 30);
    const small = numericTables(text, bar, OPEN);
    assert.deepEqual(numericTables(text, bar), small, text);
    const data = dataTables(text, OPEN);
    assert.deepEqual(dataTables(text), data, text);
    const blobs = detectBlobs(text, OPEN);
    assert.deepEqual(detectBlobs(text), blobs, text);
    found.numeric += numeric.length > 0 ? 1 : 0;
    found.smallNumeric += small.length > 0 ? 1 : 0;
    found.data += data.length > 0 ? 1 : 0;
    found.blobs += blobs.length > 0 ? 1 : 0;
  }
  // The texts reach every detector, so the comparisons above are not all of empty results.
  for (const [kind, n] of Object.entries(found)) assert.ok(n >= 20 && n <= 2980, `${kind}: found in ${n} of 3,000`);
});

test('the shortcut lets through texts exactly at each detector\'s bar', () => {
  const b64 = (n: number): string => Array.from({ length: n }, (_, i) => 'aZ0+/Qk9x'[(i * 7) % 9]).join('');
  const cases: [string, () => unknown[]][] = [
    // Two digit runs and a literal word a line: three numbers, none from a line of three digit runs.
    ['numeric table of literal words', () => numericTables('0, 1, true,\n'.repeat(60), 180)],
    ['numeric table of digits', () => numericTables('1, 2, 3, 4,\n'.repeat(40))],
    // 64 rows of three literals: the fewest lines a data table has.
    ['data table', () => dataTables('"#f00", "#0f0", 7,\n'.repeat(64))],
    ['data table of literal words', () => dataTables('null, true, None,\n'.repeat(64))],
    ['base64 run', () => detectBlobs(`const k = "${b64(100)}";`)],
    ['wrapped base64', () => detectBlobs(`${b64(40)}\n`.repeat(4))],
    ['hex run', () => detectBlobs(`h = "${'0123456789abcdef'.repeat(4)}"`)],
    ['hex bytes', () => detectBlobs(`{ ${'0x1f, '.repeat(48)} }`)],
    ['escaped data', () => detectBlobs(`"${'\\x00\\x7f'.repeat(6)}"\n`.repeat(8))],
  ];
  for (const [name, run] of cases) assert.ok(run().length > 0, `${name}: nothing found`);
});

test('a line the per-line shortcut skips holds too few numbers or no literal, by countLine itself', () => {
  const r = random(5);
  const lines = realTexts().flatMap((t) => t.split('\n'));
  for (let i = 0; i < 20_000; i++) lines.push(seededText(r).split('\n')[0] ?? '');
  let skipped = 0;
  for (const line of lines) {
    if (!mayHoldNumbers(line, 3)) {
      skipped++;
      assert.ok(countLine(withoutStrings(line)).numbers < 3, line);
    }
    const t = line.trim();
    if (!mayHoldNumbers(t, 1) && !hasQuote(t)) {
      const { numbers, strings } = countLine(t);
      assert.equal(numbers + strings, 0, line);
    }
  }
  assert.ok(skipped > lines.length / 4, `${skipped} of ${lines.length} lines skipped`);
});
