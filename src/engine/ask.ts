import { MIN_BUDGET } from './budget';
import type { Compressor } from './compress';
import { DEFAULT_DECODER, findDecoder, type DecoderProfile } from './decoders';
import { buildPrompt, createLlmClient, describeRedaction, redactSecrets, type LlmClient, type Prompt, type Provider } from './llm';
import { joinQuery } from './query';
import type { CompressRequest, CompressResult, PinnedRegion, SourceFile } from './types';

export interface AskRequest {
  readonly question: string;
  /**
   * More of what the context is for (e.g. the code before the cursor), without the question: the question is
   * joined to it here, once.
   */
  readonly query?: string;
  readonly files: readonly SourceFile[];
  /** For the decoder's repository header. */
  readonly repoName?: string;
  readonly pinned?: readonly PinnedRegion[];
  /** The most the context may take; lowered further when the model's window needs room for the answer. */
  readonly budget: number;
  /** Counting and layout profile; by default the one the model's name maps to. */
  readonly decoder?: string;
  readonly endpoint?: string;
  readonly provider?: Provider;
  readonly model?: string;
  readonly allowRemote?: boolean;
  /** Tokens left for the answer (default: a quarter of the window, at most 1024). */
  readonly answerTokens?: number;
  /** Passed through to the compressor (see CompressRequest). */
  readonly priorWarnings?: CompressRequest['priorWarnings'];
  readonly gatherMs?: number;
  /** Which encoder scores the context (default: the host's standing preference). */
  readonly encoder?: CompressRequest['encoder'];
}

export interface PreparedAsk {
  readonly client: LlmClient;
  readonly model: string;
  readonly decoder: DecoderProfile;
  /** Why this decoder profile was chosen, for the user. */
  readonly decoderNote?: string;
  readonly contextWindow: number;
  readonly result: CompressResult;
  /** The query the context was ranked by: the given query, then the question. */
  readonly query: string;
  /** e.g. "2 secrets redacted (1 github-token, 1 jwt)"; undefined when none. */
  readonly redaction?: string;
  readonly prompt: Prompt;
}

export class NoModelsError extends Error {
  constructor(endpoint: string) {
    super(`No models are installed on ${endpoint}. Pull one (e.g. \`ollama pull qwen2.5-coder:7b\`) or load one in your server, then retry.`);
    this.name = 'NoModelsError';
  }
}

/** A client for the configured server: the provider's default loopback endpoint when none is set. */
export function createLlmClientForSettings(endpoint: string | undefined, provider: Provider | undefined, allowRemote: boolean): LlmClient {
  return createLlmClient({ ...(endpoint !== undefined ? { endpoint } : {}), ...(provider !== undefined ? { provider } : {}), allowRemote });
}

/** Models the registry knows come first: their tokenizer and context layout are known. */
async function chooseModel(client: LlmClient, wanted: string | undefined, signal?: AbortSignal): Promise<string> {
  if (wanted) return wanted;
  const models = await client.listModels(signal);
  if (models.length === 0) throw new NoModelsError(client.endpoint);
  const known = models.find((m) => findDecoder(m.id)?.tokenizerAvailable !== false && findDecoder(m.id) !== undefined);
  return (known ?? models[0])?.id ?? '';
}

function chooseDecoder(explicit: string | undefined, model: string): { profile: DecoderProfile; note?: string } {
  if (explicit) {
    const profile = findDecoder(explicit);
    if (profile) return { profile };
  }
  const byModel = findDecoder(model);
  if (byModel && byModel.tokenizerAvailable !== false) return { profile: byModel };
  const fallback = findDecoder(DEFAULT_DECODER) as DecoderProfile;
  const note = byModel
    ? `The tokenizer of ${byModel.id} is not shipped; the budget is counted with ${fallback.id}'s, which may differ by a few percent.`
    : `Model "${model}" is not in the registry; the budget is counted with ${fallback.id}'s tokenizer.`;
  return { profile: fallback, note };
}

/** Prompt tokens besides the context: system prompt, question, chat template, with room to spare. */
function promptOverhead(question: string, count: (t: string) => number): number {
  return count(question) + 200;
}

/**
 * Everything up to sending: picks the model and its decoder profile, reads the model's context window,
 * compresses within what the window leaves after the answer, redacts secrets, and builds the prompt.
 * Nothing is sent yet, so a failure here loses nothing; the caller keeps the question for a retry.
 */
export async function prepareAsk(compressor: Compressor, request: AskRequest, signal?: AbortSignal): Promise<PreparedAsk> {
  const client = createLlmClientForSettings(request.endpoint, request.provider, request.allowRemote ?? false);
  const model = await chooseModel(client, request.model, signal);
  const { profile, note } = chooseDecoder(request.decoder, model);
  const counter = await compressor.tokenCounter(profile.id);
  const contextWindow = (await client.contextLength(model, signal)) ?? profile.contextWindow;
  const answerTokens = request.answerTokens ?? Math.min(1024, Math.floor(contextWindow / 4));
  const room = contextWindow - answerTokens - promptOverhead(request.question, (t) => counter.count(t));
  const budget = Math.max(MIN_BUDGET, Math.min(request.budget, room));
  const query = joinQuery(request.query ?? '', request.question) ?? '';
  const result = await compressor.compress(
    { files: request.files, ...(request.pinned ? { pinned: request.pinned } : {}), query, ...(request.priorWarnings ? { priorWarnings: request.priorWarnings } : {}), ...(request.gatherMs !== undefined ? { gatherMs: request.gatherMs } : {}), budget, decoder: profile.id, ...(request.repoName !== undefined ? { repoName: request.repoName } : {}), ...(request.encoder ? { encoder: request.encoder } : {}) },
    signal,
  );
  const redacted = redactSecrets(result.text);
  const prompt = buildPrompt({ context: redacted.text, question: request.question, contextWindow, countTokens: (t) => counter.count(t), answerTokens });
  return {
    client,
    model,
    decoder: profile,
    ...(note !== undefined ? { decoderNote: note } : {}),
    contextWindow,
    result,
    query,
    ...(redacted.count > 0 ? { redaction: describeRedaction(redacted) } : {}),
    prompt,
  };
}

/** Streams the answer to a prepared question. */
export function streamAnswer(prepared: PreparedAsk, signal?: AbortSignal): AsyncIterable<string> {
  return prepared.client.chat(
    { model: prepared.model, messages: prepared.prompt.messages, contextTokens: prepared.prompt.numCtx, maxAnswerTokens: prepared.prompt.answerTokens },
    signal,
  );
}
