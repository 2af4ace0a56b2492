/** Shared data types of the engine. Pure data: no behaviour, no I/O. */

/** A source file handed to the engine: its display path (relative, used in headers) and its text. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
  /** Absolute path or URI, when the caller knows it (used to reveal ranges). */
  readonly uri?: string;
  /**
   * The lines of interest (a selection): only the units overlapping them are compressed. The file is still
   * parsed whole, so units and line numbers are those of the real file.
   */
  readonly range?: LineRange;
}

/** Lines are 1-based and inclusive everywhere in the engine's public data. */
export interface LineRange {
  readonly startLine: number;
  readonly endLine: number;
}

export type UnitKind = 'import' | 'type' | 'class' | 'function' | 'method' | 'other' | 'block';

/** A syntactic unit of a file. The units of one file partition its lines, in order. */
export interface Unit extends LineRange {
  readonly kind: UnitKind;
  /** Name of the declared symbol, when there is one. */
  readonly name?: string;
  /** The full text of the unit's lines (ends with a newline unless it is the file's last line without one). */
  readonly text: string;
  /** The unit's text with the body replaced by an elision marker, when it has a body worth eliding. */
  readonly skeleton?: string;
  /** The lines the skeleton elides (the body's inside), set with `skeleton`. */
  readonly body?: LineRange;
  /** Nesting depth: 0 for top level, 1 for class members, ... */
  readonly depth: number;
  /** Set on the closing line(s) of a class: its header is this many units before it, and it follows it. */
  readonly closesBack?: number;
  /**
   * The declaration line(s) of a named unit (the line naming it, and more while its parameter list is open),
   * without doc comment, decorators or body: what a one-line mention keeps. Set when the unit has more than that.
   */
  readonly declaration?: LineRange;
}

/**
 * How a unit is kept: whole; whole but for the comment above its declaration (code: its doc omitted); with its
 * most predictable body lines dropped (pruned, by the encoder's surprisal); as a skeleton (doc + signature, body
 * elided); as its declaration line(s) only (a one-line mention, the rest of its lines omitted); or not at all.
 */
export type Level = 'verbatim' | 'code' | 'pruned' | 'skeleton' | 'signature' | 'omitted';

/** One piece of the rendered context, in output order. */
/** T with its fields settable: for objects built field by field in hot loops (see slotOf in render/render.ts). */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

export interface Slot extends LineRange {
  readonly path: string;
  readonly uri?: string;
  readonly kind: UnitKind;
  readonly name?: string;
  readonly level: Level;
  /** True for the code at the cursor / the query's own code, always kept verbatim. */
  readonly pinned: boolean;
  /** Tokens of the unit's original text. */
  readonly originalTokens: number;
  /** Tokens of what the slot contributes to the output (0 when omitted). */
  readonly tokens: number;
  readonly relevance: number;
  readonly text: string;
  /** Mean encoder surprisal of the unit, bits/token, when an encoder scored it. */
  readonly entropy?: number;
  /** Percentile (0–100) of `entropy` among calibration units of the same language, when calibrated. */
  readonly entropyPercentile?: number;
  /** High information density (compresses badly): never token-pruned, marked in the UI. */
  readonly dense?: boolean;
  /** Why the unit counts as dense (high entropy, minified, base64 blob, …), in words. */
  readonly denseReasons?: readonly string[];
}

export interface StageTimings {
  gather: number;
  segment: number;
  tokenize: number;
  /** Encoder scoring (entropy); 0 when no encoder ran. */
  score: number;
  plan: number;
  render: number;
  total: number;
}

/** Which encoder scored the units, where it ran, and how well it fits the decoder (arXiv 2602.01778). */
export interface EncoderReport {
  readonly id: string;
  /** In words the UI can show, e.g. "cpu", "cuda". */
  readonly device: string;
  /** Only `matched` is a matched pair in the paper's sense; anything else loses quality. */
  readonly match: 'matched' | 'same-domain' | 'domain-mismatch' | 'tokenizer-mismatch' | 'unknown-decoder';
  /** One line on the pairing, e.g. "matched: built-in code n-gram ↔ qwen2.5-coder-7b". */
  readonly description?: string;
  /** A better-matched encoder that is not installed (what to offer to download). */
  readonly suggestion?: string;
}

export interface CompressStats {
  readonly files: number;
  readonly units: number;
  readonly originalTokens: number;
  readonly compressedTokens: number;
  /** originalTokens / compressedTokens (1 when nothing was compressed). */
  readonly ratio: number;
  readonly budget: number;
  readonly decoder: string;
  readonly timingsMs: StageTimings;
  /** Absent when no encoder ran (structure and lexical relevance only). */
  readonly encoder?: EncoderReport;
  /**
   * Files whose analysis came from the index (hits) and files analysed from scratch (misses, `inWorkers` of them by
   * worker threads); `reused` when the
   * whole result was the stored answer to the same request (nothing changed since).
   */
  readonly index?: { readonly hits: number; readonly misses: number; readonly inWorkers?: number; readonly reused?: boolean };
  /** Set when units were also ranked by conditional perplexity under the encoder: how many, and the time it took. */
  readonly conditionalPerplexity?: { readonly units: number; readonly ms: number };
}

export interface Warning {
  readonly code:
    | 'pinned-truncated'
    | 'skipped-file'
    // A symbolic link was followed to read a file (said, since the file read is not the one named).
    | 'followed-link'
    // File contents or names held the decoder's special tokens; they were escaped so they cannot act as such.
    | 'escaped-special-tokens'
    | 'lossy-decode'
    | 'parse-errors'
    | 'unsupported-language'
    | 'budget-too-small'
    // The budget was only met by omitting definitions the kept code refers to.
    | 'dropped-definitions'
    | 'encoder-mismatch'
    // A unit of high information density: it will not compress well.
    | 'dense-code'
    // Secrets in the inputs were replaced by «redacted:…» markers (names the files, never the secret).
    | 'redacted-secrets';
  readonly message: string;
  readonly path?: string;
  /** The lines the warning is about (dense code), 1-based inclusive. */
  readonly startLine?: number;
  readonly endLine?: number;
}

export interface CompressResult {
  /** The prompt-ready context. Its token count in the decoder's tokenizer is at most the budget. */
  readonly text: string;
  readonly slots: readonly Slot[];
  readonly stats: CompressStats;
  readonly warnings: readonly Warning[];
}

/** Where the query's code sits in the inputs (the cursor region). */
export interface PinnedRegion extends LineRange {
  readonly path: string;
  /** What the region is, for warnings when it cannot be kept (e.g. "chosen symbol OrderService.place"); default: the code at the cursor. */
  readonly label?: string;
}

export interface CompressRequest {
  readonly files: readonly SourceFile[];
  /** What the context is for: a question or the code before the cursor. */
  readonly query?: string;
  /** Regions that must be kept verbatim (the code at the cursor / the selection). */
  readonly pinned?: readonly PinnedRegion[];
  readonly budget: number;
  readonly decoder: string;
  /** The repository's name for the decoder's repository header (Qwen2.5-Coder `<|repo_name|>`). */
  readonly repoName?: string;
  /** `native` (default): the decoder's own context layout; `markdown`: fenced blocks for people. */
  readonly style?: 'native' | 'markdown';
  /** Which encoder scores entropy: matched to the decoder unless forced; `entropy: false` skips scoring. */
  readonly encoder?: {
    readonly forced?: string;
    readonly device?: 'auto' | 'cpu' | 'cuda' | 'webgpu' | 'dml' | 'coreml';
    /**
     * Rank units also by how much each lowers the query's perplexity under a neural encoder (LongCodeZip):
     * `auto` (default) on a GPU only, `on` also on the CPU (a forward pass per candidate), `off` never.
     */
    readonly conditionalPerplexity?: 'auto' | 'on' | 'off';
    /** Score with the model a vLLM or SGLang server serves (loopback only unless allowRemote). */
    readonly scorer?: { readonly endpoint: string; readonly protocol: 'vllm' | 'sglang'; readonly model?: string; readonly allowRemote?: boolean };
    /** Score with a GGUF model in-process: a .gguf path or an Ollama model name. */
    readonly gguf?: string;
  };
  readonly entropy?: boolean;
  /**
   * Replace secrets in the input texts and the query by «redacted:kind» markers before anything else, keeping
   * line structure, so the budget counts the markers and every output is clean (default true).
   */
  readonly redactSecrets?: boolean;
  /** Warnings produced before the engine ran (e.g. skipped files while gathering). */
  readonly priorWarnings?: readonly Warning[];
  readonly gatherMs?: number;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
