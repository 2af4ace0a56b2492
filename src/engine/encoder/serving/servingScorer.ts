import { findDecoder } from '../../decoders';
import { assertEndpointAllowed } from '../../llm/privacy';
import type { Encoder } from '../encoder';
import type { EncoderEntry } from '../matching';
import { getJson } from './postJson';
import type { ServingProtocol } from './protocols';
import { ServingEncoder, type ServingEncoderOptions } from './servingEncoder';

/** The user's scoring server (CLI --scorer-endpoint / --scorer-protocol, setting codeContextCompressor.scorer.*). */
export interface ScorerPreference {
  readonly endpoint: string;
  readonly protocol: ServingProtocol;
  /** The model name to ask for; by default the one the server reports. */
  readonly model?: string;
  /** The same consent as the LLM endpoint: without it only loopback hosts are accepted. */
  readonly allowRemote?: boolean;
}

/** Qwen2.5's <|endoftext|>, the start token of the built-in and ONNX encoders too. */
const QWEN_START = 151643;
const QWEN_VOCAB = 151936;

interface ServedModel {
  readonly name: string | undefined;
  readonly maxLength: number | undefined;
}

/** Asks the server which model it serves: vLLM `GET /v1/models`, SGLang `GET /get_model_info`. */
async function servedModel(base: URL, protocol: ServingProtocol, signal?: AbortSignal): Promise<ServedModel> {
  const url = new URL(base.href);
  const root = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  url.pathname = protocol === 'vllm' ? `${root}/v1/models` : `${root}/get_model_info`;
  const info = await getJson(url, 10_000, signal);
  const rec = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined);
  if (protocol === 'vllm') {
    const first = rec((rec(info)?.data as unknown[] | undefined)?.[0]);
    const max = first?.max_model_len;
    return { name: typeof first?.id === 'string' ? first.id : undefined, maxLength: typeof max === 'number' ? max : undefined };
  }
  const path = rec(info)?.model_path;
  return { name: typeof path === 'string' ? path : undefined, maxLength: undefined };
}

export interface ServingScorer {
  readonly encoder: ServingEncoder;
  /** A registry entry describing the served model, for matching it to the decoder (family and tokenizer from its name). */
  readonly entry: EncoderEntry;
}

/**
 * Connects the scoring server: checks the endpoint against the loopback rule, learns the served model's
 * name (and vLLM's context length), and recognises its family and tokenizer from that name through the
 * decoder registry. A name the registry does not know is reported as an unknown tokenizer, so matching warns.
 */
export async function connectServingScorer(preference: ScorerPreference, fallback: () => Promise<Encoder>, tuning: Partial<ServingEncoderOptions> = {}): Promise<ServingScorer> {
  const endpoint = assertEndpointAllowed(preference.endpoint, { allowRemote: preference.allowRemote ?? false });
  const served = await servedModel(endpoint, preference.protocol);
  const name = preference.model ?? served.name;
  const tail = name?.split('/').filter(Boolean).pop() ?? '';
  const profile = name ? findDecoder(name) ?? findDecoder(tail) : undefined;
  const id = `serving-${preference.protocol}${tail ? `-${tail.toLowerCase()}` : ''}`;
  const entry: EncoderEntry = {
    id,
    name: `${tail || 'model'} on ${preference.protocol} at ${endpoint.host}`,
    family: profile?.family ?? 'unknown',
    domain: profile?.domain === 'code' || profile?.domain === 'math' ? profile.domain : 'general',
    tokenizer: profile?.tokenizer ?? 'unknown',
    runtime: 'serving',
    parameters: null,
    source: { kind: 'serving', endpoint: endpoint.href, protocol: preference.protocol },
    license: 'the served model’s',
  };
  const encoder = new ServingEncoder({
    endpoint,
    protocol: preference.protocol,
    ...(preference.model ? { model: preference.model } : served.name && preference.protocol === 'vllm' ? { model: served.name } : {}),
    info: { id, family: entry.family, domain: entry.domain, tokenizer: entry.tokenizer },
    startToken: QWEN_START,
    vocabSize: QWEN_VOCAB,
    fallback,
    ...(served.maxLength ? { maxSequenceTokens: served.maxLength } : {}),
    ...tuning,
  });
  return { encoder, entry };
}
