import type { SharedBuiltinModel } from '../encoder/builtinEncoder';
import type { SecretFinding } from '../secrets/types';
import type { BpeTables } from '../tokenize/byteLevelBpe';
import type { LanguageId } from '../segment/languages';
import type { FileAnalysis } from './fileAnalysis';

/** What a worker is started with: where its assets are, and the decoder's tokenizer. */
export interface WorkerInit {
  readonly wasmDir: string;
  readonly tokenizersDir: string;
  readonly tokenizer: string;
  /** The built-in encoder's folder, for density; without it workers leave density to the pipeline. */
  readonly builtinDir?: string;
  /** The host's loaded built-in model, in shared memory: workers score with it instead of loading their own. */
  readonly builtinModel?: SharedBuiltinModel;
  /** The host's compiled BPE tables for that tokenizer, in shared memory: workers encode with them. */
  readonly bpe?: BpeTables;
}

/** A file to analyse. */
export interface AnalyseJob {
  readonly kind: 'analyse';
  readonly id: number;
  readonly text: string;
  readonly language: LanguageId;
  /** Score density with the built-in encoder. */
  readonly density: boolean;
}

/** A file to scan for secrets (its path picks rules: .env, .npmrc, YAML …). */
export interface SecretsJob {
  readonly kind: 'secrets';
  readonly id: number;
  readonly text: string;
  readonly path: string;
}

export type WorkerJob = AnalyseJob | SecretsJob;

export type WorkerReply =
  | { readonly id: number; readonly analysis: FileAnalysis | undefined }
  | { readonly id: number; readonly findings: readonly SecretFinding[] }
  | { readonly id: number; readonly error: string };
