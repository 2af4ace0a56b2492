// Hand-written code that looks dense to a naive detector, each rule pinned on a small synthetic snippet: a long line
// that is one literal is not minified code, nor is a long line of spaced code; a `case` switch is code, not a table;
// a list of keyword or name strings is vocabulary, not data; a few lines of `\u` ranges are not a blob. And what must
// still be found: minified lines, wrapped base64 (PEM), rows of codes.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectBlobs, detectDataTable, detectGenerated, detectMinified, detectWrappedBase64 } from '../../src/engine/density/detectors';
import { wholeFileDenseRegion } from '../../src/engine/density/fileRegions';
import { lineCode } from '../../src/engine/density/lineCode';

const keywords = Array.from({ length: 400 }, (_, i) => `KEYWORD${i}`).join('|');

test('lineCode counts a line’s code outside string and regex literals and comments', () => {
  assert.deepEqual(lineCode(`\t\tpattern: /\\b(?:${keywords})\\b/i,`), { chars: 13, whitespace: 3, meanIdentifier: 7 });
  assert.deepEqual(lineCode('a = "x y z" + b; // tail comment'), { chars: 11, whitespace: 5, meanIdentifier: 1 });
  assert.equal(lineCode(' * /([\\p{Lu}\\p{Lt}]+)/ is the pattern').chars, 0, 'a block comment’s continuation line is not code');
  assert.equal(lineCode('x = a / b / c').chars, 13, 'a slash after an operand divides');
  assert.equal(lineCode('*/.hljs{color:red}').chars, 18, 'the end of a comment opened on an earlier line is not a regex');
});

test('a long line that is one literal (a keyword regex, a string of escapes) is not minified code', () => {
  assert.equal(detectMinified(`Prism.languages.x = {\n\tkeyword: {\n\t\tpattern: /\\b(?:${keywords})\\b/i,\n\t\tgreedy: true\n\t}\n};\n`), undefined);
  assert.equal(detectMinified(`var chars = "${'\\u00aa\\u00b5\\u00ba'.repeat(100)}";\n`), undefined);
  // The minified build of the same component: the code around the literal has no whitespace.
  const minified = `Prism.languages.x={comment:/\\/\\/.*/,keyword:{pattern:/\\b(?:${keywords})\\b/i,greedy:!0},string:{pattern:/"(?:\\\\.|[^"\\\\])*"/,greedy:!0},number:/\\b\\d+\\b/,operator:/[-+*\\/=<>!]+/,punctuation:/[{}()\\[\\];,.]/};`;
  assert.equal(detectMinified(minified)?.code, 'minified');
});

test('a long unspaced line of long names (a chain of `.concat(NAME, …)`) is not minified code; minified CSS is', () => {
  const chain = Array.from({ length: 30 }, (_, i) => `.concat(TOOLTIP_CLASS_NAME_${i},"x")`).join('');
  assert.equal(detectMinified(`dom.importCssString("a"${chain});\n`), undefined);
  const css = Array.from({ length: 30 }, (_, i) => `.btn-${i}{color:#fff;background-color:#0d6efd;border-color:#0d6efd}`).join('');
  assert.equal(detectMinified(css)?.code, 'minified');
});

test('an inline source map is metadata, not a blob; the same base64 in code is a blob', () => {
  const payload = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7919) % 251)).toString('base64');
  assert.deepEqual(detectBlobs(`exports.x = 1;\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${payload}\n`), []);
  assert.equal(detectBlobs(`exports.x = 1;\nconst LOGO = "${payload}";\n`)[0]?.code, 'base64-blob');
});

test('a long line of ordinary spaced code (tsc’s export list, a list of require calls) is not minified code', () => {
  const names = Array.from({ length: 60 }, (_, i) => `exports.assertSomething${i}`).join(' = ');
  assert.equal(detectMinified(`"use strict";\n${names} = void 0;\n`), undefined);
  const requires = Array.from({ length: 40 }, (_, i) => `require("./module-${i}")`).join(', ');
  assert.equal(detectMinified(`module.exports = factory(${requires});\n`), undefined);
});

test('a switch of `case 0x..:` labels is code, not a data table', () => {
  const cases = Array.from({ length: 120 }, (_, i) => `            case 0x${i.toString(16).padStart(2, '0')}:`).join('\n');
  const lexer = `switch (get()) {\n${cases}\n                return token_type::parse_error;\n            default:\n                break;\n}\n`;
  assert.equal(detectDataTable(lexer), undefined);
  const mapped = Array.from({ length: 120 }, (_, i) => `            case 0x${i.toString(16)}: return 0x${(i * 37).toString(16)};`).join('\n');
  assert.equal(detectDataTable(`switch (c) {\n${mapped}\n}\n`), undefined);
});

test('a list of keyword or name strings is vocabulary, not data; rows of codes or of another script’s mapping are data', () => {
  const words = Array.from({ length: 200 }, (_, i) => `    'builtin_name_${i}',`).join('\n');
  assert.equal(detectDataTable(`const BUILTINS = [\n${words}\n];\n`), undefined);
  const cyrillic = Array.from({ length: 200 }, (_, i) => `    + "Анализ${i} "`).join('\n');
  assert.equal(detectDataTable(`const KEYWORDS = ""\n${cyrillic};\n`), undefined);
  const spaced = Array.from({ length: 200 }, (_, i) => `    + ' abs${i} acos asin atan2 assoc_legendre_p'`).join('\n');
  assert.equal(detectDataTable(`const BUILTINS = ''\n${spaced};\n`), undefined, 'a keyword string may start with a space');
  const prose = Array.from({ length: 100 }, (_, i) => `errorTab[${10000 + i}] = "The operation number ${i} was interrupted."`).join('\n');
  assert.equal(detectDataTable(prose), undefined, 'a number and a sentence per line: an error-message table a reader reads');
  const codes = Array.from({ length: 200 }, (_, i) => `    'c${i}': '#${(i * 2654435761 % 16777216).toString(16).padStart(6, '0')}',`).join('\n');
  assert.equal(detectDataTable(`COLORS = {\n${codes}\n}\n`)?.code, 'data-table');
  const row = '丂丄丅丆丏丒丗丟丠両丣並丩丮丯丱丳丵丷丼乀乁乂乄乆乊乑乕乗乚乛乢乣乤乥乧乨乪乫乬乭乮乯'.repeat(2);
  const cjkRows = Array.from({ length: 100 }, (_, i) => `["${(0x8140 + i * 64).toString(16)}","${row.slice(i % 9, 60 + (i % 9))}",${i % 7},"乲乴"],`).join('\n');
  assert.equal(detectDataTable(`[\n${cjkRows}\n]\n`)?.code, 'data-table');
});

test('a few lines of `\\u` ranges (a regex class) are not a blob; many lines of escapes are', () => {
  const ranges = '\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF'.repeat(4);
  const regexLines = `  // const TAG_NAME_RE = /[A-Z_a-z${ranges}]/;\n  // const IDENT_RE = /[A-Z_a-z:${ranges}]/;\n  // const NAME_RE = /[:${ranges}]/;\n`;
  assert.deepEqual(detectBlobs(regexLines), []);
  const mapping = Array.from({ length: 16 }, (_, i) => `    '${Array.from({ length: 8 }, (_, j) => `\\x${((i * 8 + j) % 256).toString(16).padStart(2, '0')}`).join('')}'`).join('\n');
  assert.equal(detectBlobs(`table = (\n${mapping}\n)\n`)[0]?.code, 'hex-blob');
});

test('base64 wrapped at 64 characters a line (a PEM block in a test) is a blob; a few long identifiers are not', () => {
  const payload = Buffer.from(Array.from({ length: 900 }, (_, i) => (i * 7919) % 251)).toString('base64');
  const pemLines = payload.match(/.{1,64}/g) ?? [];
  const pem = `const testCert = \`-----BEGIN CERTIFICATE-----\n${pemLines.join('\n')}\n-----END CERTIFICATE-----\`\n`;
  const found = detectWrappedBase64(pem);
  assert.equal(found?.code, 'base64-blob');
  assert.equal(found?.line, 2);
  const quoted = pemLines.map((l) => `    "${l}\\n" +`).join('\n');
  assert.equal(detectWrappedBase64(`key = (\n${quoted}\n    "")\n`)?.code, 'base64-blob');
  const identifiers = Array.from({ length: 6 }, (_, i) => `    thisIsAVeryLongIdentifierNameThatGoesOnAndOnForever${i}Done,`).join('\n');
  assert.equal(detectWrappedBase64(identifiers), undefined);
  assert.equal(detectWrappedBase64(pemLines.slice(0, 3).join('\n')), undefined, 'three lines are too few');
});

test('a file that is mostly tables is one data-file region, however its units cut it; a file with one table among code is not', () => {
  const rows = Array.from({ length: 120 }, (_, i) => `["${(0x8140 + i).toString(16)}","\u3000${i}",${i % 5},"x${i}"],`).join('\n');
  const json = `[\n${rows}\n]\n`;
  const region = wholeFileDenseRegion(json);
  assert.equal(region?.wholeFile, true);
  assert.equal(region?.reasons[0]?.code, 'data-table');
  assert.equal(region?.markLine, 2);
  const code = Array.from({ length: 200 }, (_, i) => `function step${i}(state) {\n  return state.next(${i});\n}\n`).join('\n');
  assert.equal(wholeFileDenseRegion(`${code}\nconst TABLE = [\n${rows}\n];\n`), undefined);
  // A Chinese translation file has short strings of CJK text, but each line is a key and one string: not the rows above.
  const i18n = Array.from({ length: 80 }, (_, i) => `    label${i}: '图表${i}',`).join('\n');
  assert.equal(wholeFileDenseRegion(`export default {\n${i18n}\n};\n`), undefined);
});

const APACHE_LICENCE = `/*
* Licensed to the Apache Software Foundation (ASF) under one
* or more contributor license agreements.  See the NOTICE file
* distributed with this work for additional information.
*/
`;
const ORDINARY_CODE = Array.from({ length: 40 }, (_, i) => `export function layout${i}(seriesModel, api) {\n  // Place the labels of series ${i} beside their points.\n  const points = seriesModel.getData().mapArray((idx) => api.dataToPoint(idx));\n  return points.map((p) => [p[0] + ${i}, p[1]]);\n}\n`).join('\n');

test('a bare “do not modify” banner in a licensed header is a build stamp: the file is judged by its code', () => {
  // What ECharts' build stamps on every file tsc writes from its hand-written sources.
  const stamped = `${APACHE_LICENCE}\n\n/**\n * AUTO-GENERATED FILE. DO NOT MODIFY.\n */\n\n${APACHE_LICENCE}\n${ORDINARY_CODE}`;
  assert.equal(detectGenerated(stamped), undefined);
  assert.equal(wholeFileDenseRegion(stamped), undefined);
  // Judged by its code: a minified line in such a file is still found.
  const minified = `!function(){${'var a=function(e,t){return e+t|0};'.repeat(40)}}();`;
  assert.equal(wholeFileDenseRegion(`${APACHE_LICENCE}\n/** AUTO-GENERATED FILE. DO NOT MODIFY. */\n${minified}\n`)?.reasons[0]?.code, 'minified');
});

test('a bare marker without a licence, or a licensed one naming its generator or schema, still marks a generated file', () => {
  assert.equal(detectGenerated(`// GENERATED CODE -- DO NOT EDIT!\n\n${ORDINARY_CODE}`)?.code, 'generated');
  assert.equal(detectGenerated(`// Copyright 2020 gRPC authors. Licensed under the Apache License.\n\n// Code generated by protoc-gen-go. DO NOT EDIT.\n\npackage x\n`)?.code, 'generated');
  assert.equal(detectGenerated(`${APACHE_LICENCE}// GENERATED CODE -- DO NOT EDIT!\n// source: google/protobuf/any.proto\n\n${ORDINARY_CODE}`)?.line, 6);
});

test('a header citing the schema the file was written from (proto-loader-gen-types, protoc) marks a generated file', () => {
  const types = `// Original file: proto/channelz.proto\n\nimport type { Long } from '@grpc/proto-loader';\n\nexport interface Address {\n  'address'?: (string);\n}\n`;
  assert.equal(detectGenerated(types)?.code, 'generated');
  assert.equal(wholeFileDenseRegion(types)?.markLine, 1);
  // A source file named in a comment further down, or a non-schema file in the header, is no marker.
  assert.equal(detectGenerated(`// source: notes.txt\n\n${ORDINARY_CODE}`), undefined);
  assert.equal(detectGenerated(`import x from 'y';\n// Original file: proto/channelz.proto\n`), undefined);
});

test('a header under a `#-----` ruler, and “generated automatically by”, are read as generated markers', () => {
  const ruled = `#-----------------------------------------------------------------\n# ** ATTENTION **\n# This code was automatically generated from the file:\n# _c_ast.cfg\n#-----------------------------------------------------------------\n\nimport sys\n`;
  assert.equal(detectGenerated(ruled)?.line, 3);
  assert.equal(detectGenerated(`// Generated automatically by nearley, version 2.19.5\n(function () {\nfunction id(x) { return x[0]; }\n})();\n`)?.line, 1);
  // A C preprocessor line is code, not a comment: the header ends there.
  assert.equal(detectGenerated(`#include <stdio.h>\n// Code generated by hand-rolled macros; DO NOT EDIT.\n`), undefined);
});

test('a hand-written generator’s template, lines of code kept as strings, is not a data table; rows of codes still are', () => {
  const template = Array.from({ length: 240 }, (_, i) => [`      "  function peg$parse${i}(input, options) {",`, `      "    if (peg$silentFails === 0) { peg$fail(peg$e${i}); }",`, '      "  }",', '      "",'][i % 4]).join('\n');
  assert.equal(detectDataTable(`  const parts = [\n${template}\n  ];\n`), undefined);
  const svgRows = Array.from({ length: 100 }, (_, i) => `  "f${(0x400 + i).toString(16)}": [512, 512, [], "f${(0x400 + i).toString(16)}", "M${i} 256C0 114.6 114.6 0 256 0S512 114.6 512 256"],`).join('\n');
  assert.equal(detectDataTable(`var icons = {\n${svgRows}\n};\n`)?.code, 'data-table');
  const puncts = ['{', '}', '(', ')', '+=', '->', '::', ';'];
  const symbolNames = Array.from({ length: 200 }, (_, i) => `  [anon_sym_${i}] = "${puncts[i % puncts.length]}",`).join('\n');
  assert.equal(detectDataTable(`static const char * const ts_symbol_names[] = {\n${symbolNames}\n};\n`)?.code, 'data-table', 'a parser’s symbol names are not template lines');
});

test('“generated by” in the header’s prose about the code (“the AST generated by pycparser”) is no marker; in its first paragraph it is', () => {
  const example = `#-----------------------------------------------------------------\n# pycparser: func_defs.py\n#\n# This is a simple example of traversing the AST generated by\n# pycparser. Call it from the root directory of pycparser.\n#-----------------------------------------------------------------\n\nimport sys\n`;
  assert.equal(detectGenerated(example), undefined);
  assert.equal(detectGenerated(`""" Python Character Mapping Codec cp1006 generated from 'CP1006.TXT' with gencodec.py.\n\n"""\nimport codecs\n`)?.line, 1);
});

test('a hand-kept list of registrations, one call statement a line, is code; the same pairs as rows of an object are a table', () => {
  const pairs = Array.from({ length: 120 }, (_, i) => [`\\\\m${i}`, `\\\\mathscr{${String.fromCharCode(65 + (i % 26))}}`] as const);
  const calls = pairs.map(([a, b]) => `defineMacro("${a}", "${b}");`).join('\n');
  assert.equal(detectDataTable(calls), undefined);
  assert.equal(wholeFileDenseRegion(calls), undefined);
  const rows = `const macros = {\n${pairs.map(([a, b]) => `  "${a}": "${b}",`).join('\n')}\n};\n`;
  assert.equal(detectDataTable(rows)?.code, 'data-table');
  // A generated lexer's guarded calls are still rows of its table.
  const lexer = Array.from({ length: 120 }, (_, i) => `      if (lookahead == ${i}) ADVANCE(${i + 7});`).join('\n');
  assert.equal(detectDataTable(lexer)?.code, 'data-table');
});

test('labels in another script spelled as `\\u` escapes are text; a mapping string cut into rows of one length is data', () => {
  const hebrew = ['\\u05de\\u05d7\\u05d1\\u05e8', '\\u05d0\\u05e8\\u05d2\\u05d5\\u05df', '\\u05db\\u05ea\\u05d5\\u05d1\\u05ea', '\\u05d0\\u05d9\\u05e9 \\u05e7\\u05e9\\u05e8', '\\u05d2\\u05e8\\u05e1\\u05d4', '\\u05e8\\u05de\\u05d6', '\\u05d8\\u05d9\\u05e4'];
  const labels = `labels = {\n${Array.from({ length: 28 }, (_, i) => `      'k${i}': '${hebrew[i % hebrew.length]}${i % 3 === 0 ? ` ${hebrew[(i + 2) % hebrew.length]}` : ''}',`).join('\n')}}\n`;
  assert.deepEqual(detectBlobs(labels), []);
  // KOI8-R's upper half: letters too, but eight to a string, every string alike.
  const koi8 = Array.from({ length: 16 }, (_, i) => `    "${Array.from({ length: 8 }, (_, k) => `\\u${(0x0430 + ((i * 8 + k) * 7) % 64).toString(16).padStart(4, '0')}`).join('')}" +`).join('\n');
  assert.equal(detectBlobs(`private static final String b2c =\n${koi8}\n    "";\n`)[0]?.code, 'hex-blob');
});
