// What a program writes without a header saying so: JSON made of records or long lists, and declarations documented
// from a few fixed sentences. And their hand-written look-alikes: a long package manifest, a table of snippets or
// theme rules someone keeps, a keyword list, JSON with comments, typings documented by hand.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectDenseText, detectEscapedData } from '../../src/engine/density/detectors';
import { detectDocTemplates } from '../../src/engine/density/docTemplates';
import { wholeFileDenseRegion } from '../../src/engine/density/fileRegions';
import { detectJsonData } from '../../src/engine/density/jsonData';

const names = (n: number, stem: string): string[] => Array.from({ length: n }, (_, i) => `${stem}${String.fromCharCode(65 + (i % 26))}${Math.floor(i / 26)}`);

test('JSON of records holding only identifiers, numbers and codes (a client configuration) is data, even at 5 KB', () => {
  const methods = Object.fromEntries(names(30, 'GetSecret').map((m) => [m, { timeout_millis: 60000, retry_codes_name: 'non_idempotent', retry_params_name: 'default' }]));
  const text = JSON.stringify({ interfaces: { 'google.cloud.x.v1.Service': { retry_codes: { idempotent: ['UNAVAILABLE'] }, methods } } }, null, 4);
  assert.ok(text.length >= 4096 && text.length < 8192);
  const region = wholeFileDenseRegion(text);
  assert.equal(region?.reasons[0]?.code, 'data-table');
  assert.equal(region?.startLine, 1);
});

test('a few dozen records with names or sentences among their values (snippets, theme rules) are a table someone keeps; hundreds are data', () => {
  const snippets = (n: number): string =>
    JSON.stringify(Object.fromEntries(names(n, 'Loop').map((k) => [k, { prefix: k.toLowerCase(), body: ['for (const ${1:x} of ${2:xs}) {', '\t$0', '}'], description: `For loop over ${k}` }])), null, '\t');
  assert.equal(detectJsonData(snippets(40)), undefined);
  assert.equal(detectJsonData(snippets(300))?.code, 'data-table');
  // The same records with nothing a person would write as words: a program's, however few.
  const codes = JSON.stringify(Object.fromEntries(names(80, 'Loop').map((k) => [k, { prefix: k.toLowerCase(), scope: `source.${k.toLowerCase()}`, id: 7 }])), null, '\t');
  assert.ok(codes.length >= 4096);
  assert.equal(detectJsonData(codes)?.code, 'data-table');
});

test('a long package manifest is hand-edited, however many repeated objects it holds', () => {
  const manifest = {
    name: 'big-extension',
    version: '1.0.0',
    scripts: { build: 'node esbuild.js', test: 'node --test' },
    contributes: { commands: names(120, 'ext.command').map((c) => ({ command: c, title: c.toLowerCase(), category: 'Ext' })) },
  };
  const text = JSON.stringify(manifest, null, 2);
  assert.ok(text.length > 8000);
  assert.equal(wholeFileDenseRegion(text), undefined);
  // The same records without the manifest's name and version are a database of identifiers.
  const { name: _n, version: _v, ...rest } = manifest;
  assert.equal(detectJsonData(JSON.stringify(rest, null, 2))?.code, 'data-table');
});

test('a page of small records, a short keyword list and JSON with comments are not data; a list of 300 names is', () => {
  const page = JSON.stringify({ removed: names(20, 'rule').map((r) => ({ removed: r, replacedBy: [{ rule: { name: `${r}-x` } }] })) }, null, 2);
  assert.ok(page.length < 4096);
  assert.equal(detectJsonData(page), undefined);
  assert.equal(detectJsonData(JSON.stringify({ keywords: names(60, 'kw') }, null, 2)), undefined);
  assert.equal(detectJsonData(JSON.stringify(names(300, 'tld'), null, 2))?.code, 'data-table');
  const withComments = `// settings\n${JSON.stringify(Object.fromEntries(names(40, 'k').map((k) => [k, { id: k, n: 1 }])), null, 2)}`;
  assert.equal(detectJsonData(withComments), undefined);
  assert.equal(detectJsonData('{"a": 1}'), undefined);
  assert.equal(detectJsonData('function f() { return [1, 2]; }'), undefined);
});

/** Typings as a generator writes them: every message documented from the same sentences, its names filled in. */
function generatedTypings(messages: number): string {
  return names(messages, 'Secret')
    .map(
      (m) => `/** Properties of a ${m}. */
interface I${m} {
    /** ${m} name */
    name?: (string|null);
}

/** Represents a ${m}. */
class ${m} implements I${m} {
    /**
     * Constructs a new ${m}.
     * @param [properties] Properties to set
     */
    constructor(properties?: I${m});

    /**
     * Creates a new ${m} instance using the specified properties.
     * @param [properties] Properties to set
     * @returns ${m} instance
     */
    public static create(properties?: I${m}): ${m};

    /**
     * Encodes the specified ${m} message. Does not implicitly {@link ${m}.verify|verify} messages.
     * @param message ${m} message or plain object to encode
     * @returns Writer
     */
    public static encode(message: I${m}): Writer;

    /**
     * Converts this ${m} to JSON.
     * @returns JSON object
     */
    public toJSON(): { [k: string]: any };
}
`,
    )
    .join('\n');
}

test('declarations documented from a few fixed sentences with names filled in are generated', () => {
  const region = wholeFileDenseRegion(generatedTypings(60));
  assert.equal(region?.reasons[0]?.code, 'generated');
  assert.match(region?.message ?? '', /doc comments follow \d+ sentences/);
  assert.equal(detectDocTemplates(generatedTypings(20)), undefined, 'too few doc comments to tell');
});

test('typings documented by hand, or with bare tags on every declaration, are not', () => {
  const verbs = ['Returns', 'Finds', 'Removes', 'Adds', 'Sorts', 'Copies', 'Checks', 'Reads', 'Writes', 'Opens'];
  const objects = ['the first', 'every', 'the last', 'a matching', 'no', 'each remaining', 'the cached', 'an unused', 'the pending', 'a stale'];
  const nouns = ['element', 'entry', 'handle', 'listener', 'token', 'buffer', 'promise', 'range', 'node', 'frame'];
  const docs = Array.from({ length: 250 }, (_, i) => {
    const sentence = `${verbs[i % 10]} ${objects[Math.floor(i / 10) % 10]} ${nouns[Math.floor(i / 25) % 10]} it was given.`;
    return `/** ${sentence} */\nexport declare function f${i}(x: number): void;\n`;
  });
  assert.equal(detectDocTemplates(docs.join('\n')), undefined);
  const tagged = Array.from({ length: 250 }, (_, i) => `/** @internal */\nexport declare const c${i}: number;\n`).join('\n');
  assert.equal(detectDocTemplates(tagged), undefined);
});

test('hostile JSON nested 100,000 levels deep is judged without overflowing the stack', () => {
  const depth = 100_000;
  const arrays = `${'[\n'.repeat(depth)}${']\n'.repeat(depth)}`;
  assert.equal(detectJsonData(arrays), undefined);
  const inArrays = `{"a": ${'['.repeat(depth)}1${']'.repeat(depth)}}`;
  assert.equal(detectJsonData(inArrays), undefined);
  const objects = `${'{"k":'.repeat(depth)}1${'}'.repeat(depth)}`;
  assert.doesNotThrow(() => detectJsonData(objects));
  // The same holds through the whole-file check the Problems panel and the engine run.
  assert.doesNotThrow(() => wholeFileDenseRegion(arrays));
});

test('hostile: 200,000 doc comments that never close, and a run of 250,000 escapes, end (a hang guard, not a timing)', { timeout: 60_000 }, () => {
  // With lazy comment regexes this was quadratic: every `/**` scanned to the end of the file (20k lines: 1.5 s).
  const unclosed = `${'/**' + 'x'.repeat(10) + '\n'}`.repeat(200_000);
  assert.equal(detectDocTemplates(unclosed), undefined);
  assert.doesNotThrow(() => wholeFileDenseRegion(unclosed));
  // One run of 250k escapes (1 MB, the default file limit) used to be spread into a single call: a stack overflow.
  const escapes = `const s = "${'\\x41'.repeat(250_000)}";\n`;
  assert.doesNotThrow(() => detectEscapedData(escapes));
  assert.doesNotThrow(() => detectDenseText(escapes));
});
