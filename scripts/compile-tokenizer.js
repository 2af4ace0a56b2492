// Compiles a byte-level BPE tokenizer.json into the compact form the engine loads at run time:
// `bpe-merges.bin` (Int32 triples: left id, right id, merged id, in merge-rank order) and `bpe-meta.json`
// (pre-tokenizer regex, byte → id table, added tokens). Loading these takes tens of milliseconds, against
// ~0.8 s to parse the 11 MB tokenizer.json and build maps from it. Called by esbuild.js for every
// tokenizer it copies; tokenizers of another layout are left to the tokenizer library (no files written).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** GPT-2's byte-to-character table: printable bytes map to themselves, the rest to U+0100 onwards. */
function byteLevelAlphabet() {
  const table = new Array(256);
  const printable = (b) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  for (let b = 0; b < 256; b++) if (printable(b)) table[b] = String.fromCharCode(b);
  let next = 0;
  for (let b = 0; b < 256; b++) if (table[b] === undefined) table[b] = String.fromCharCode(256 + next++);
  return table;
}

function compileTokenizer(tokenizerJsonPath, outDir) {
  const json = JSON.parse(fs.readFileSync(tokenizerJsonPath, 'utf8'));
  const m = json.model || {};
  const steps = (json.pre_tokenizer && json.pre_tokenizer.pretokenizers) || [];
  const split = steps.find((p) => p.type === 'Split');
  const byteLevel = steps.find((p) => p.type === 'ByteLevel');
  const supported =
    m.type === 'BPE' && !m.ignore_merges && !m.byte_fallback && m.vocab && Array.isArray(m.merges) &&
    (!json.normalizer || json.normalizer.type === 'NFC') && json.pre_tokenizer.type === 'Sequence' &&
    steps.length === 2 && split && split.pattern && split.pattern.Regex && byteLevel && byteLevel.use_regex === false;
  if (!supported) return false;
  const vocab = m.vocab;
  const triples = new Int32Array(m.merges.length * 3);
  m.merges.forEach((merge, rank) => {
    const [a, b] = typeof merge === 'string' ? [merge.slice(0, merge.indexOf(' ')), merge.slice(merge.indexOf(' ') + 1)] : merge;
    const ids = [vocab[a], vocab[b], vocab[a + b]];
    if (ids.some((id) => id === undefined)) throw new Error(`${tokenizerJsonPath}: merge ${rank} (${a} ${b}) is not in the vocabulary`);
    triples.set(ids, rank * 3);
  });
  const byteIds = byteLevelAlphabet().map((ch) => {
    const id = vocab[ch];
    if (id === undefined) throw new Error(`${tokenizerJsonPath}: byte symbol ${JSON.stringify(ch)} is not in the vocabulary`);
    return id;
  });
  const meta = {
    format: 1,
    normalizer: json.normalizer ? json.normalizer.type : null,
    pattern: split.pattern.Regex,
    byteIds,
    added: (json.added_tokens || []).map((t) => ({ id: t.id, content: t.content })),
    merges: m.merges.length,
  };
  fs.writeFileSync(path.join(outDir, 'bpe-merges.bin'), Buffer.from(triples.buffer));
  fs.writeFileSync(path.join(outDir, 'bpe-meta.json'), JSON.stringify(meta));
  return true;
}

module.exports = { compileTokenizer };
