/** Builds the client for an endpoint: checks it is allowed, picks the protocol, fills in the timeouts. */
import { DEFAULT_ENDPOINTS, detectProvider } from './endpoint';
import { OllamaClient } from './ollama';
import { OpenAiClient } from './openai';
import { assertEndpointAllowed } from './privacy';
import type { LlmClient, Provider, Timeouts } from './types';

/**
 * Connecting to a loopback server is instant; the first byte waits for model loading and prompt evaluation,
 * which on a CPU can take minutes for a long context; between tokens a minute of silence means it is stuck.
 */
export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 5_000, firstByteMs: 300_000, idleMs: 60_000 };

export interface LlmClientOptions {
  /** Server URL; defaults to the provider's usual loopback address (Ollama when neither is given). */
  readonly endpoint?: string;
  /** Overrides detection from the endpoint. */
  readonly provider?: Provider;
  /** Off by default: only loopback endpoints are accepted, so code never leaves the machine unasked. */
  readonly allowRemote?: boolean;
  readonly timeouts?: Partial<Timeouts>;
  /** Sent as a Bearer token to OpenAI-compatible servers that require one. */
  readonly apiKey?: string;
}

export function createLlmClient(options: LlmClientOptions = {}): LlmClient {
  const endpoint = options.endpoint?.trim() || DEFAULT_ENDPOINTS[options.provider ?? 'ollama'];
  const url = assertEndpointAllowed(endpoint, { allowRemote: options.allowRemote ?? false });
  const provider = options.provider ?? detectProvider(url).provider;
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...definedOnly(options.timeouts ?? {}) };
  return provider === 'ollama' ? new OllamaClient(url, timeouts) : new OpenAiClient(url, timeouts, options.apiKey);
}

function definedOnly(t: Partial<Timeouts>): Partial<Timeouts> {
  return Object.fromEntries(Object.entries(t).filter(([, v]) => typeof v === 'number' && v > 0)) as Partial<Timeouts>;
}
