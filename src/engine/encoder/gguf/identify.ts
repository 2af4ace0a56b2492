import registry from '../../../../models/registry.json';
import { findDecoder, type DecoderProfile } from '../../decoders';
import type { EncoderDomain } from '../encoder';
import { readGgufMetadata, type GgufMetadata } from './ggufMetadata';

/** One row of models/registry.json `ggufTokenizers`. */
export interface GgufTokenizerRule {
  readonly tokenizer: string;
  readonly ggmlModel: string;
  readonly architectures: readonly string[];
  readonly baseTokens: number;
  readonly sha256: string;
  readonly special: Readonly<Record<string, string>>;
}

const rules: readonly GgufTokenizerRule[] = (registry as unknown as { ggufTokenizers: GgufTokenizerRule[] }).ggufTokenizers;

export function ggufTokenizerRules(): readonly GgufTokenizerRule[] {
  return rules;
}

/** What a GGUF file is, read from its metadata and checked against the registry. */
export interface GgufIdentity {
  readonly architecture: string;
  /** A registry tokenizer id when the vocabulary was checked equal, else "unknown". */
  readonly tokenizer: string;
  /** Why the tokenizer is or is not recognised, for the log and warnings. */
  readonly tokenizerCheck: string;
  /** The decoder profile its name matches (family, domain), when any. */
  readonly profile: DecoderProfile | undefined;
  readonly family: string;
  readonly domain: EncoderDomain;
  readonly name: string;
  readonly parameters: number | null;
  /** The start token (bos, else eos) its sequences are scored after. */
  readonly startToken: number | undefined;
  readonly vocabSize: number | undefined;
  readonly contextLength: number | undefined;
}

function str(meta: GgufMetadata, key: string): string | undefined {
  const v = meta.values.get(key);
  return typeof v === 'string' ? v : undefined;
}

function num(meta: GgufMetadata, key: string): number | undefined {
  const v = meta.values.get(key);
  return typeof v === 'number' ? v : undefined;
}

/** Size labels as GGUF writes them ("0.5B", "494M") → parameters. */
function parseSize(label: string | undefined): number | null {
  const m = label?.match(/^(\d+(?:\.\d+)?)([KMBT])$/i);
  if (!m) return null;
  const scale: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };
  return Math.round(Number(m[1]) * scale[m[2]!.toUpperCase()]!);
}

export function checkTokenizer(meta: GgufMetadata): { tokenizer: string; check: string } {
  const model = str(meta, 'tokenizer.ggml.model');
  const arch = str(meta, 'general.architecture') ?? '';
  for (const rule of rules) {
    if (model !== rule.ggmlModel || !rule.architectures.includes(arch)) continue;
    const t = meta.tokens;
    if (!t || t.fingerprintTokens < rule.baseTokens) return { tokenizer: 'unknown', check: `its ${model} vocabulary is shorter than ${rule.tokenizer}'s ${rule.baseTokens} base tokens` };
    if (t.fingerprint !== rule.sha256) return { tokenizer: 'unknown', check: `its ${model} vocabulary differs from ${rule.tokenizer}'s` };
    const wrong = Object.entries(rule.special).find(([id, text]) => t.at.get(Number(id)) !== text);
    if (wrong) return { tokenizer: 'unknown', check: `token ${wrong[0]} is not ${wrong[1]} as in ${rule.tokenizer}` };
    return { tokenizer: rule.tokenizer, check: `vocabulary checked equal to ${rule.tokenizer} (${rule.baseTokens} base tokens and its special tokens)` };
  }
  return { tokenizer: 'unknown', check: `no registry tokenizer for ${arch || 'an unnamed architecture'} with a ${model ?? 'missing'} tokenizer` };
}

/** Names to look the decoder profile up by: what the user typed (an Ollama name), then the file's own names. */
function nameCandidates(meta: GgufMetadata, hint: string | undefined): string[] {
  const basename = str(meta, 'general.basename');
  const size = str(meta, 'general.size_label');
  const name = str(meta, 'general.name');
  const slug = (s: string): string => s.trim().toLowerCase().replace(/\s+/g, '-');
  const out: string[] = [];
  if (hint) out.push(hint);
  if (basename && size) out.push(slug(`${basename}-${size}`));
  if (name) out.push(slug(name), slug(name).replace(/-(instruct|base|chat)$/, ''));
  return out;
}

export async function identifyGguf(file: string, hint?: string): Promise<GgufIdentity> {
  const specialIds = new Set<number>();
  let fingerprintTokens = 0;
  for (const rule of rules) {
    fingerprintTokens = Math.max(fingerprintTokens, rule.baseTokens);
    for (const id of Object.keys(rule.special)) specialIds.add(Number(id));
  }
  const meta = await readGgufMetadata(file, { fingerprintTokens, keepTokens: [...specialIds] });
  const architecture = str(meta, 'general.architecture') ?? 'unknown';
  const { tokenizer, check } = checkTokenizer(meta);
  const profile = nameCandidates(meta, hint).map((n) => findDecoder(n)).find((p) => p !== undefined);
  // A name is only trusted for the family when the tokenizer was checked to be that family's.
  const trusted = profile && profile.tokenizer === tokenizer ? profile : undefined;
  const domain = trusted?.domain === 'code' || trusted?.domain === 'math' ? trusted.domain : 'general';
  const bos = num(meta, 'tokenizer.ggml.bos_token_id');
  const eos = num(meta, 'tokenizer.ggml.eos_token_id');
  return {
    architecture,
    tokenizer,
    tokenizerCheck: check,
    profile: trusted,
    family: trusted?.family ?? 'unknown',
    domain,
    name: str(meta, 'general.name') ?? hint ?? file,
    parameters: parseSize(str(meta, 'general.size_label')),
    // Qwen GGUFs set bos to <|endoftext|> (151643) with add_bos false: the same start token as the ONNX path.
    startToken: bos ?? eos,
    vocabSize: meta.tokens?.count,
    contextLength: num(meta, `${architecture}.context_length`),
  };
}
