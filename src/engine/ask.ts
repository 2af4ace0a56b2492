import { MIN_BUDGET } from './budget';
import type { Compressor } from './compress';
import { DEFAULT_DECODER, findDecoder, type DecoderProfile } from './decoders';
import { buildPrompt, createLlmClient, userMessage, type LlmClient, type Prompt, type Provider, type Timeouts } from './llm';
import { joinQuery } from './query';
import { describeRedaction, redactRequest, redactText } from './secrets';
import type { CompressRequest, CompressResult, PinnedRegion, SourceFile } from './types';

export interface AskRequest {
  readonly question: string;
  /** More of what the context is for (e.g. the code before the cursor); the question is always part of it. */
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
  /** Connect, first-byte and idle limits; each left out keeps its default. */
  readonly timeouts?: Partial<Timeouts>;
  /**
   * Receives the text to be sent (redacted context and question) before the first request to the server, and
   * again if it changes once the model's window is known: the caller saves it, so no failure loses it.
   */
  readonly onPrompt?: (text: string) => void | Promise<void>;
}

export interface PreparedAsk {
  readonly client: LlmClient;
  readonly model: string;
  readonly decoder: DecoderProfile;
  /** Why this decoder profile or context window was chosen, for the user. */
  readonly decoderNote?: string;
  readonly contextWindow: number;
  readonly result: CompressResult;
  /** The query the context was ranked by: the given query, then the question. */
  readonly query: string;
  /** e.g. "2 secrets redacted (1 github-token, 1 jwt)", files, query and question together; undefined when none. */
  readonly redaction?: string;
  /** The part of `redaction` found in the question itself. */
  readonly questionRedaction?: string;
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

/** Context windows a real model has; anything else a server reports (−5, NaN, 10¹⁵) is ignored. */
const MIN_WINDOW = 512;
const MAX_WINDOW = 16 * 1024 * 1024;

/** The server's context length when it is believable, else the decoder profile's, with a note saying so. */
export function saneContextWindow(reported: unknown, fallback: number): { window: number; note?: string } {
  if (reported === undefined) return { window: fallback };
  if (typeof reported === 'number' && Number.isInteger(reported) && reported >= MIN_WINDOW && reported <= MAX_WINDOW) return { window: reported };
  return { window: fallback, note: `The server reported a context length of ${String(reported).slice(0, 40)}, which is not a usable window; ${fallback} tokens (the model family's default) are assumed.` };
}

/**
 * Everything up to sending: redacts secrets from the files, the query and the question; compresses with the
 * budget asked for and hands that prompt to `onPrompt` BEFORE the first request, so a server that refuses,
 * fails or hangs loses nothing; then picks the model and its decoder profile, reads the model's context
 * window, and compresses again only when the window or the tokenizer calls for it.
 */
export async function prepareAsk(compressor: Compressor, request: AskRequest, signal?: AbortSignal): Promise<PreparedAsk> {
  const client = createLlmClient({
    ...(request.endpoint !== undefined ? { endpoint: request.endpoint } : {}),
    ...(request.provider !== undefined ? { provider: request.provider } : {}),
    allowRemote: request.allowRemote ?? false,
    ...(request.timeouts ? { timeouts: request.timeouts } : {}),
  });
  // Secrets never leave: the question, the query and every file are redacted here, whatever the caller's setting.
  const askedQuestion = await redactText(request.question);
  const question = askedQuestion.text;
  const query = joinQuery(request.query ?? '', question) ?? '';
  const draftDecoder = chooseDecoder(request.decoder, request.model ?? '').profile;
  const redacted = await redactRequest(
    { files: request.files, ...(request.pinned ? { pinned: request.pinned } : {}), query, budget: request.budget, decoder: draftDecoder.id, ...(request.repoName !== undefined ? { repoName: request.repoName } : {}), ...(request.encoder ? { encoder: request.encoder } : {}), ...(request.priorWarnings ? { priorWarnings: request.priorWarnings } : {}), ...(request.gatherMs !== undefined ? { gatherMs: request.gatherMs } : {}), redactSecrets: true },
    signal,
  );
  const compress = (decoder: string, budget: number): Promise<CompressResult> => compressor.compress({ ...redacted.request, decoder, budget }, signal);

  let result = await compress(draftDecoder.id, request.budget);
  let sentText = userMessage(result.text, question);
  await request.onPrompt?.(sentText);

  const model = await chooseModel(client, request.model, signal);
  const { profile, note } = chooseDecoder(request.decoder, model);
  const counter = await compressor.tokenCounter(profile.id);
  const window = saneContextWindow(await client.contextLength(model, signal), profile.contextWindow);
  const contextWindow = window.window;
  const answerTokens = request.answerTokens ?? Math.min(1024, Math.floor(contextWindow / 4));
  const room = contextWindow - answerTokens - promptOverhead(question, (t) => counter.count(t));
  const budget = Math.max(MIN_BUDGET, Math.min(request.budget, room));
  if (profile.id !== draftDecoder.id || budget !== request.budget) result = await compress(profile.id, budget);
  const prompt = buildPrompt({ context: result.text, question, contextWindow, countTokens: (t) => counter.count(t), answerTokens });
  const finalText = userMessage(result.text, question);
  if (finalText !== sentText) {
    sentText = finalText;
    await request.onPrompt?.(sentText);
  }
  const kinds: Record<string, number> = { ...redacted.kinds };
  for (const [k, n] of Object.entries(askedQuestion.kinds)) kinds[k] = (kinds[k] ?? 0) + n;
  const count = redacted.count + askedQuestion.count;
  const notes = [note, window.note].filter((n): n is string => n !== undefined);
  return {
    client,
    model,
    decoder: profile,
    ...(notes.length > 0 ? { decoderNote: notes.join(' ') } : {}),
    contextWindow,
    result,
    query,
    ...(count > 0 ? { redaction: describeRedaction({ count, kinds }) } : {}),
    ...(askedQuestion.count > 0 ? { questionRedaction: describeRedaction(askedQuestion) } : {}),
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
