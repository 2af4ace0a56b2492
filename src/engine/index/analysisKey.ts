import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Encoder } from '../encoder/encoder';
import { languageSpec, type LanguageId } from '../segment/languages';
import { contentHash } from './contentHash';

/**
 * Bumped whenever what the engine derives from a file changes (segmenting, forms and their counts, density, the
 * whole-file dense region): a record written by an engine with another number is never read. The host's version
 * is part of the key too.
 */
export const ANALYSIS_VERSION = 2;

/** The parser runtime is part of every grammar's fingerprint: a new runtime can change every tree. */
const RUNTIME_WASM = 'web-tree-sitter.wasm';

/**
 * The parts of a record's key that do not depend on the file: the engine, the host's version, the decoder's
 * tokenizer, and each grammar's fingerprint (a hash of its WebAssembly and the runtime's, read once per language).
 */
export class AnalysisKeys {
  private readonly grammars = new Map<string, Promise<string>>();
  private readonly encoders = new WeakMap<Encoder, Promise<string>>();

  constructor(private readonly wasmDir: string, private readonly hostVersion: string) {}

  private fingerprint(file: string): Promise<string> {
    let fp = this.grammars.get(file);
    if (!fp) {
      // A grammar that cannot be read gets no fingerprint of its own: the segmenter reports that error itself.
      fp = fs.readFile(path.join(this.wasmDir, file)).then(
        (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16),
        () => 'unreadable',
      );
      this.grammars.set(file, fp);
    }
    return fp;
  }

  private async grammarOf(language: LanguageId): Promise<string> {
    const spec = languageSpec(language);
    if (!spec) return 'none';
    return `${await this.fingerprint(spec.wasm)}+${await this.fingerprint(RUNTIME_WASM)}`;
  }

  /** The key (hex) of one file's record: everything that changes its analysis but the encoder. */
  async keyOf(text: string, language: LanguageId, tokenizer: string): Promise<string> {
    const content = contentHash(text);
    return createHash('sha256')
      .update(`${ANALYSIS_VERSION}\0${this.hostVersion}\0${language}\0${await this.grammarOf(language)}\0${tokenizer}\0${content}`)
      .digest('hex');
  }

  /**
   * An encoder's key: its id and a hash of its calibration, which changes with the model's weights (encoders
   * carry no version of their own). Density stored under another key is scored again.
   */
  encoderKey(encoder: Encoder): Promise<string> {
    let key = this.encoders.get(encoder);
    if (!key) {
      key = encoder.calibration().then(
        (c) => `${encoder.info.id}@${createHash('sha256').update(JSON.stringify(c ?? null)).digest('hex').slice(0, 16)}`,
        () => `${encoder.info.id}@uncalibrated`,
      );
      this.encoders.set(encoder, key);
    }
    return key;
  }
}
