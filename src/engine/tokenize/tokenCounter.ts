import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { BpeWordCounter } from './bpeWordCounter';

/** Counts (and encodes) text in a decoder's own BPE tokenizer. */
export interface TokenCounter {
  readonly name: string;
  /**
   * Token count, done as the tokenizer does it (added tokens, NFC, the pre-tokenizer's words, BPE per word)
   * but with each distinct word counted once and cached. Equal to `countExact`; the tests check that on
   * real code in every supported language.
   */
  count(text: string): number;
  /** Token count through the tokenizer library itself: the reference, about 10× slower. */
  countExact(text: string): number;
  encode(text: string): number[];
}

/** Bounded memo of token counts: units of unchanged files are counted once. */
class CountCache {
  private readonly map = new Map<string, number>();
  constructor(private readonly capacity: number) {}
  get(key: string): number | undefined {
    return this.map.get(key);
  }
  set(key: string, value: number): void {
    if (this.map.size >= this.capacity) {
      // Drop the oldest entry (Map keeps insertion order): cheap approximate LRU.
      const first = this.map.keys().next();
      if (!first.done) this.map.delete(first.value);
    }
    this.map.set(key, value);
  }
}

interface TokenizerJson {
  model?: { type?: string; merges?: (string | [string, string])[]; ignore_merges?: boolean; byte_fallback?: boolean };
  pre_tokenizer?: { pretokenizers?: { type: string; pattern?: { Regex?: string } }[] };
  added_tokens?: { content: string }[];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The tokenizer's own pre-tokenizer regex, in JavaScript syntax. Its scoped case-insensitive group
 * `(?i:'s|'t|…)` has no JavaScript equivalent, so it is spelled out with character classes.
 */
function wordPattern(json: TokenizerJson): RegExp | undefined {
  const split = json.pre_tokenizer?.pretokenizers?.find((p) => p.type === 'Split')?.pattern?.Regex;
  if (!split) return undefined;
  const source = split.replace(/\(\?i:([^)]*)\)/g, (_m, alternatives: string) =>
    `(?:${alternatives.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`)})`,
  );
  try {
    return new RegExp(source, 'gu');
  } catch {
    return undefined;
  }
}

class HuggingFaceTokenCounter implements TokenCounter {
  private readonly words = new CountCache(200_000);
  private readonly special: RegExp | undefined;

  constructor(
    readonly name: string,
    private readonly tokenizer: Tokenizer,
    private readonly wordRegex: RegExp | undefined,
    addedTokens: readonly string[],
    private readonly bpe: BpeWordCounter | undefined,
  ) {
    this.special = addedTokens.length > 0 ? new RegExp(addedTokens.map(escapeRegExp).join('|'), 'g') : undefined;
  }

  count(text: string): number {
    if (text.length === 0) return 0;
    if (!this.wordRegex) return this.countExact(text);
    let n = 0;
    let last = 0;
    if (this.special) {
      this.special.lastIndex = 0;
      for (let m = this.special.exec(text); m; m = this.special.exec(text)) {
        n += this.countWords(text.slice(last, m.index)) + 1;
        last = m.index + m[0].length;
      }
    }
    return n + this.countWords(last === 0 ? text : text.slice(last));
  }

  /** Sums the cached token counts of the pre-tokenizer's words: BPE never merges across them. */
  private countWords(text: string): number {
    if (text.length === 0 || !this.wordRegex) return 0;
    let n = 0;
    const normalized = text.normalize('NFC');
    this.wordRegex.lastIndex = 0;
    for (let m = this.wordRegex.exec(normalized); m; m = this.wordRegex.exec(normalized)) {
      const word = m[0];
      let c = this.words.get(word);
      if (c === undefined) {
        c = this.bpe ? this.bpe.count(word) : this.encode(word).length;
        this.words.set(word, c);
      }
      n += c;
    }
    return n;
  }

  countExact(text: string): number {
    return text.length === 0 ? 0 : this.encode(text).length;
  }

  encode(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }
}

export class TokenizerLoadError extends Error {
  constructor(dir: string, cause: unknown) {
    super(
      `Could not load the tokenizer from ${dir}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Reinstall the extension (or run `npm ci && npm run build` in a checkout) to restore its assets.',
    );
    this.name = 'TokenizerLoadError';
  }
}

const loaded = new Map<string, Promise<TokenCounter>>();

/**
 * Loads the tokenizer in `<tokenizersDir>/<name>/` once per process and reuses it: parsing the 11 MB
 * tokenizer.json takes about a second.
 */
export function loadTokenCounter(tokenizersDir: string, name: string): Promise<TokenCounter> {
  const dir = path.join(tokenizersDir, name);
  let pending = loaded.get(dir);
  if (!pending) {
    pending = (async () => {
      try {
        const [json, config] = await Promise.all([
          readFile(path.join(dir, 'tokenizer.json'), 'utf8'),
          readFile(path.join(dir, 'tokenizer_config.json'), 'utf8'),
        ]);
        const parsed = JSON.parse(json) as TokenizerJson;
        const added = (parsed.added_tokens ?? []).map((t) => t.content);
        // The fast word counter covers plain byte-level BPE only; other models count through the library.
        const m = parsed.model;
        const plainBpe = m?.type === 'BPE' && !m.ignore_merges && !m.byte_fallback && Array.isArray(m.merges);
        const bpe = plainBpe && m.merges ? new BpeWordCounter(m.merges) : undefined;
        return new HuggingFaceTokenCounter(name, new Tokenizer(parsed, JSON.parse(config)), wordPattern(parsed), added, bpe);
      } catch (err) {
        loaded.delete(dir);
        throw new TokenizerLoadError(dir, err);
      }
    })();
    loaded.set(dir, pending);
  }
  return pending;
}
