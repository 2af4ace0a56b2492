/**
 * Time to tokenise pathological long words (issue 20: one pre-tokenizer word of a million `a`s took 95 s with the
 * quadratic BPE). Times the engine's tokenizer and, up to --library-max characters, the tokenizer library it must
 * match, and says whether their ids are equal. Run: `node esbuild.js --tests && node out/bench/tokenize-long.js
 * [--sizes 50000,1000000] [--library-max 200000] [--only a-run,base64]`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Tokenizer } from '@huggingface/tokenizers';
import { loadTokenCounter } from '../src/engine/tokenize/tokenCounter';
import { findRepoRoot } from './repoRoot';

/** Inputs that are one long word (or a long run of pre-tokenizer matches) for the Qwen2.5 pre-tokenizer. */
function inputs(n: number): Record<string, string> {
  let seed = 1;
  const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const pick = (alphabet: string): string => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  return {
    'a-run': 'a'.repeat(n),
    'dash-run': '-'.repeat(n),
    'spaces': `${' '.repeat(n)}x`,
    'base64': pick(b64chars),
    'CJK': '日本語のテキスト'.repeat(Math.ceil(n / 8)).slice(0, n),
    'emoji': '😀👍🏽'.repeat(Math.ceil(n / 6)).slice(0, n),
    'mixed': pick('aZ9-_ \n日😀é\t'),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, 'library-max': { type: 'string' }, only: { type: 'string' } } });
  const only = values.only?.split(',');
  const sizes = (values.sizes ?? '50000,1000000').split(',').map(Number);
  const libraryMax = Number(values['library-max'] ?? 200_000);
  const root = findRepoRoot(__dirname);
  const dir = path.join(root, 'dist/assets/tokenizers/qwen2.5');
  const counter = await loadTokenCounter(path.join(root, 'dist/assets/tokenizers'), 'qwen2.5');
  const library = new Tokenizer(JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as object, JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as object);
  process.stdout.write('| input | chars | engine ms | library ms | same ids |\n|---|---:|---:|---:|---|\n');
  for (const n of sizes) {
    for (const [name, text] of Object.entries(inputs(n))) {
      if (only && !only.includes(name)) continue;
      const t0 = performance.now();
      const ids = counter.encode(text);
      const ours = performance.now() - t0;
      let lib = '—';
      let same = '—';
      if (n <= libraryMax) {
        const t1 = performance.now();
        const ref = library.encode(text, { add_special_tokens: false }).ids;
        lib = (performance.now() - t1).toFixed(0);
        same = ref.length === ids.length && ref.every((id, i) => id === ids[i]) ? 'yes' : 'NO';
      }
      process.stdout.write(`| ${name} | ${text.length} | ${ours.toFixed(0)} | ${lib} | ${same} |\n`);
    }
  }
}

void main();
