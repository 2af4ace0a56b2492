import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { asciiWordEnd, isAscii, QWEN2_PATTERN } from './asciiWords';
import { ByteLevelBpe, isBpeTables, type BpeTables } from './byteLevelBpe';

/** Counts and encodes text in a decoder's own BPE tokenizer. */
export interface TokenCounter {
  readonly name: string;
  /**
   * Token count, done as the tokenizer does it (added tokens, NFC, the pre-tokenizer's words, BPE per
   * word) with each distinct word encoded once and cached.
   */
  count(text: string): number;
  /** Token ids, the same way. */
  encode(text: string): number[];
  /**
   * The ids `encode` gives, each with the 0-based line it starts on. The pre-tokenizer's words end at line
   * breaks, so a token never straddles lines: a word's line breaks end it (`{\n`, `}\n\n`), and a blank
   * line held by such a word owns no token.
   */
  encodeLines(text: string): { readonly ids: number[]; readonly lines: number[] };
  /** Token count through the tokenizer library itself: the reference the fast path is tested against. */
  countExact(text: string): number;
  /** The added tokens (`<|file_sep|>`, `<|endoftext|>`…) that text containing them would be encoded as. */
  readonly specialTokens: readonly string[];
  /** The compiled BPE's tables in shared memory, for analysis workers to encode with (absent without one). */
  sharedBpe?(): BpeTables | undefined;
}

/** Bounded memo: the oldest entry goes first (Map keeps insertion order), a cheap approximate LRU. */
class Memo<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly capacity: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.capacity) {
      const first = this.map.keys().next();
      if (!first.done) this.map.delete(first.value);
    }
    this.map.set(key, value);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The tokenizer's own pre-tokenizer regex, in JavaScript syntax. Its scoped case-insensitive group
 * `(?i:'s|'t|…)` has no JavaScript equivalent, so it is spelled out with character classes.
 */
function wordPattern(source: string): RegExp {
  const js = source.replace(/\(\?i:([^)]*)\)/g, (_m, alternatives: string) => `(?:${alternatives.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`)})`);
  return new RegExp(js, 'gu');
}

/** What scripts/compile-tokenizer.js writes next to tokenizer.json (bpe-meta.json). */
interface CompiledMeta {
  format: number;
  normalizer: string | null;
  pattern: string;
  byteIds: number[];
  added: { id: number; content: string }[];
}

interface FastPath {
  readonly regex: RegExp;
  /** The pattern is Qwen2's: ASCII text is split by asciiWordEnd instead of the regex. */
  readonly qwen2Words: boolean;
  readonly bpe: ByteLevelBpe;
  readonly nfc: boolean;
  readonly added: readonly { id: number; content: string }[];
}

/** The compiled byte-level BPE, when the build produced one for this tokenizer. */
async function loadFastPath(dir: string, shared: BpeTables | undefined): Promise<FastPath | undefined> {
  let metaText: string;
  try {
    metaText = await readFile(path.join(dir, 'bpe-meta.json'), 'utf8');
  } catch {
    return undefined; // not a byte-level BPE tokenizer: the library does everything
  }
  const meta = JSON.parse(metaText) as CompiledMeta;
  return { regex: wordPattern(meta.pattern), qwen2Words: meta.pattern === QWEN2_PATTERN, bpe: shared ? ByteLevelBpe.fromTables(shared) : await readBpe(dir, meta), nfc: meta.normalizer === 'NFC', added: meta.added };
}

async function readBpe(dir: string, meta: CompiledMeta): Promise<ByteLevelBpe> {
  const bytes = await readFile(path.join(dir, 'bpe-merges.bin'));
  return new ByteLevelBpe(meta.byteIds, new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
}

/** Longer words are seldom met twice (runs, blobs, minified strings) and would make the memo hold megabytes. */
const MEMO_WORD_CHARS = 256;

class DecoderTokenizer implements TokenCounter {
  private readonly words = new Memo<number[]>(200_000);
  private readonly special: RegExp | undefined;
  private readonly specialIds = new Map<string, number>();
  private library: Tokenizer | undefined;
  readonly specialTokens: readonly string[];

  constructor(
    readonly name: string,
    private readonly dir: string,
    private readonly fast: FastPath | undefined,
  ) {
    for (const t of fast?.added ?? []) this.specialIds.set(t.content, t.id);
    const contents = [...this.specialIds.keys()].sort((a, b) => b.length - a.length);
    this.specialTokens = contents;
    this.special = contents.length > 0 ? new RegExp(contents.map(escapeRegExp).join('|'), 'g') : undefined;
  }

  /** The library tokenizer, built only when needed: parsing tokenizer.json and building it takes ~1 s. */
  private get lib(): Tokenizer {
    this.library ??= new Tokenizer(
      JSON.parse(readFileSync(path.join(this.dir, 'tokenizer.json'), 'utf8')) as object,
      JSON.parse(readFileSync(path.join(this.dir, 'tokenizer_config.json'), 'utf8')) as object,
    );
    return this.library;
  }

  count(text: string): number {
    if (!this.fast) return this.countExact(text);
    let n = 0;
    this.forEachPiece(text, (ids) => {
      n += ids.length;
    });
    return n;
  }

  encode(text: string): number[] {
    if (!this.fast) return this.lib.encode(text, { add_special_tokens: false }).ids;
    const out: number[] = [];
    this.forEachPiece(text, (ids) => {
      for (const id of ids) out.push(id);
    });
    return out;
  }

  encodeLines(text: string): { ids: number[]; lines: number[] } {
    const ids: number[] = [];
    const lines: number[] = [];
    if (!this.fast) {
      // Without the word split, encode line by line: the same attribution, though not the same ids as encode().
      text.split(/(?<=\n)/).forEach((line, i) => {
        for (const id of line ? this.lib.encode(line, { add_special_tokens: false }).ids : []) {
          ids.push(id);
          lines.push(i);
        }
      });
      return { ids, lines };
    }
    let line = 0;
    this.forEachPiece(text, (pieceIds, piece) => {
      for (const id of pieceIds) {
        ids.push(id);
        lines.push(line);
      }
      for (let i = piece.indexOf('\n'); i >= 0; i = piece.indexOf('\n', i + 1)) line++;
    });
    return { ids, lines };
  }

  sharedBpe(): BpeTables | undefined {
    return this.fast?.bpe.tables;
  }

  countExact(text: string): number {
    return text.length === 0 ? 0 : this.lib.encode(text, { add_special_tokens: false }).ids.length;
  }

  /** Added tokens split the text first (as in the library), then each stretch is normalised and split into words. */
  private forEachPiece(text: string, visit: (ids: readonly number[], piece: string) => void): void {
    let last = 0;
    if (this.special) {
      this.special.lastIndex = 0;
      for (let m = this.special.exec(text); m; m = this.special.exec(text)) {
        this.forEachWord(text.slice(last, m.index), visit);
        visit([this.specialIds.get(m[0]) as number], m[0]);
        last = m.index + m[0].length;
      }
    }
    this.forEachWord(last === 0 ? text : text.slice(last), visit);
  }

  private forEachWord(text: string, visit: (ids: readonly number[], piece: string) => void): void {
    if (text.length === 0 || !this.fast) return;
    const { regex, nfc, qwen2Words } = this.fast;
    const normalized = nfc ? text.normalize('NFC') : text;
    if (qwen2Words && isAscii(normalized)) {
      for (let i = 0; i < normalized.length; ) {
        const end = asciiWordEnd(normalized, i);
        const word = normalized.slice(i, end);
        visit(this.idsOf(word), word);
        i = end;
      }
      return;
    }
    regex.lastIndex = 0;
    for (let m = regex.exec(normalized); m; m = regex.exec(normalized)) visit(this.idsOf(m[0]), m[0]);
  }

  /** A word's ids, from the memo or the BPE. */
  private idsOf(word: string): readonly number[] {
    let ids = word.length <= MEMO_WORD_CHARS ? this.words.get(word) : undefined;
    if (ids === undefined) {
      ids = (this.fast as FastPath).bpe.encodeWord(word);
      if (word.length <= MEMO_WORD_CHARS) this.words.set(word, ids);
    }
    return ids;
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
 * Loads the tokenizer in `<tokenizersDir>/<name>/` once per thread and reuses it. `shared`: the BPE tables another
 * thread built for the same tokenizer (an analysis worker gets its host's), used instead of reading and building them.
 */
export function loadTokenCounter(tokenizersDir: string, name: string, shared?: BpeTables): Promise<TokenCounter> {
  const dir = path.join(tokenizersDir, name);
  let pending = loaded.get(dir);
  if (!pending) {
    pending = (async () => {
      try {
        const fast = await loadFastPath(dir, isBpeTables(shared) ? shared : undefined);
        const tokenizer = new DecoderTokenizer(name, dir, fast);
        if (!fast) tokenizer.countExact('check'); // no compiled form: load the library now, failing early
        return tokenizer;
      } catch (err) {
        loaded.delete(dir);
        throw new TokenizerLoadError(dir, err);
      }
    })();
    loaded.set(dir, pending);
  }
  return pending;
}
