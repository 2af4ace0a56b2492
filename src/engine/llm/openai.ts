/**
 * OpenAI-compatible servers (llama.cpp's llama-server, LM Studio, vLLM, Ollama's /v1): /v1/chat/completions
 * streamed as server-sent events, /v1/models for the model list.
 */
import { apiUrl, displayEndpoint } from './endpoint';
import { LlmError, LlmProtocolError, LlmServerError, LlmStreamTruncatedError, LlmAbortError } from './errors';
import type { HttpTarget, OpenResponse } from './http';
import { asNumber, asRecord, asString, excerpt, isRecord, tryParseJson } from './json';
import type { JsonRecord } from './json';
import { openStream, requestJson } from './jsonRequest';
import { AnswerProgress } from './progress';
import { LineTooLongError, readLines } from './lines';
import { readSseEvents } from './sse';
import type { ChatDoneInfo, ChatRequest, LlmClient, ModelInfo, Timeouts } from './types';

const MAX_LINE_CHARS = 4 * 1024 * 1024;
const MAX_JSON_ANSWER = 16 * 1024 * 1024;

export class OpenAiClient implements LlmClient {
  readonly provider = 'openai';
  readonly endpoint: string;
  private readonly target: HttpTarget;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(private readonly base: URL, private readonly timeouts: Timeouts, apiKey?: string) {
    this.endpoint = displayEndpoint(base);
    this.target = { provider: 'openai', endpoint: this.endpoint };
    this.headers = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    return (await this.modelRecords(signal)).map((m) => ({
      id: asString(m.id) ?? '',
      provider: 'openai' as const,
      contextLength: asNumber(m.max_model_len),
    })).filter((m) => m.id !== '');
  }

  /**
   * vLLM says it in the model list; llama.cpp's server in /props (the per-slot n_ctx it was started with);
   * LM Studio in its own /api/v0/models. Servers that say nothing give undefined.
   */
  async contextLength(model: string, signal?: AbortSignal): Promise<number | undefined> {
    const listed = (await this.modelRecords(signal)).find((m) => m.id === model);
    const fromList = asNumber(listed?.max_model_len);
    if (fromList !== undefined) return fromList;

    const props = await this.probe('/props', signal);
    const settings = asRecord(props?.default_generation_settings);
    const nCtx = asNumber(settings?.n_ctx) ?? asNumber(props?.n_ctx);
    if (nCtx !== undefined && nCtx > 0) return nCtx;

    const lmStudio = await this.probe(`/api/v0/models/${encodeURIComponent(model)}`, signal);
    return asNumber(lmStudio?.loaded_context_length) ?? asNumber(lmStudio?.max_context_length);
  }

  async *chat(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<string, void, undefined> {
    const body: Record<string, unknown> = { model: request.model, messages: request.messages, stream: true };
    if (request.maxAnswerTokens !== undefined) body.max_tokens = request.maxAnswerTokens;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    const res = await openStream(
      {
        url: apiUrl(this.base, 'openai', '/chat/completions'),
        method: 'POST',
        body,
        accept: 'text/event-stream',
        headers: this.headers,
        timeouts: this.timeouts,
        target: this.target,
        signal,
      },
      request.model,
      'an event stream',
    );
    if (res.mediaType === 'application/json') {
      // A server that ignores "stream": the whole answer in one JSON body.
      yield* this.wholeAnswer(res, request);
      return;
    }
    yield* this.streamedAnswer(res, request);
  }

  private async *streamedAnswer(res: OpenResponse, request: ChatRequest): AsyncGenerator<string, void, undefined> {
    let finishReason: string | undefined;
    let usage: JsonRecord | undefined;
    const done = (): ChatDoneInfo => ({ finishReason, promptTokens: asNumber(usage?.prompt_tokens), answerTokens: asNumber(usage?.completion_tokens) });
    const progress = new AnswerProgress(this.timeouts, this.target, request.maxAnswerTokens);
    try {
      for await (const event of readSseEvents(readLines(progress.watch(res.chunks()), MAX_LINE_CHARS))) {
        if (event.data.trim() === '[DONE]') {
          request.onDone?.(done());
          return;
        }
        const parsed = tryParseJson(event.data);
        if (!parsed.ok || !isRecord(parsed.value)) {
          throw new LlmProtocolError('openai', this.endpoint, `an event's data is not a JSON object: "${excerpt(event.data)}"`);
        }
        const chunk = parsed.value;
        const error = errorText(chunk);
        if (error !== undefined || event.event === 'error') throw new LlmServerError('openai', this.endpoint, error ?? excerpt(event.data));
        usage = asRecord(chunk.usage) ?? usage;
        const choice = Array.isArray(chunk.choices) ? asRecord(chunk.choices[0]) : undefined;
        const content = asString(asRecord(choice?.delta)?.content);
        if (content) {
          progress.content(content);
          yield content;
        }
        finishReason = asString(choice?.finish_reason) ?? finishReason;
      }
    } catch (err) {
      if (err instanceof LineTooLongError) throw new LlmProtocolError('openai', this.endpoint, err.message);
      throw err;
    } finally {
      res.close();
    }
    // No [DONE]: a clean end after a finish_reason is a complete answer from a lax server; anything else was cut.
    if (finishReason !== undefined) {
      request.onDone?.(done());
      return;
    }
    throw new LlmStreamTruncatedError('openai', this.endpoint, 'the stream ended without "data: [DONE]"');
  }

  private async *wholeAnswer(res: OpenResponse, request: ChatRequest): AsyncGenerator<string, void, undefined> {
    const text = await res.text(MAX_JSON_ANSWER);
    const parsed = tryParseJson(text);
    if (!parsed.ok || !isRecord(parsed.value)) {
      throw new LlmStreamTruncatedError('openai', this.endpoint, 'the JSON answer is incomplete');
    }
    const error = errorText(parsed.value);
    if (error !== undefined) throw new LlmServerError('openai', this.endpoint, error);
    const choice = Array.isArray(parsed.value.choices) ? asRecord(parsed.value.choices[0]) : undefined;
    const content = asString(asRecord(choice?.message)?.content);
    if (content === undefined) throw new LlmProtocolError('openai', this.endpoint, 'the JSON answer has no choices[0].message.content');
    if (content) yield content;
    const usage = asRecord(parsed.value.usage);
    request.onDone?.({ finishReason: asString(choice?.finish_reason), promptTokens: asNumber(usage?.prompt_tokens), answerTokens: asNumber(usage?.completion_tokens) });
  }

  private async modelRecords(signal?: AbortSignal): Promise<JsonRecord[]> {
    const body = await requestJson({ url: apiUrl(this.base, 'openai', '/models'), method: 'GET', headers: this.headers, timeouts: this.timeouts, target: this.target, signal });
    const data = isRecord(body) ? body.data : undefined;
    if (!Array.isArray(data)) throw new LlmProtocolError('openai', this.endpoint, '/v1/models has no "data" list');
    return data.filter(isRecord);
  }

  /** GET on a server-specific path beside /v1; undefined when this server does not have it. */
  private async probe(path: string, signal?: AbortSignal): Promise<JsonRecord | undefined> {
    const url = new URL(this.base.href);
    url.pathname = `${this.base.pathname.replace(/\/+$/, '').replace(/\/v1$/i, '')}${path}`;
    try {
      const body = await requestJson({ url, method: 'GET', headers: this.headers, timeouts: this.timeouts, target: this.target, signal });
      return asRecord(body);
    } catch (err) {
      if (err instanceof LlmAbortError || !(err instanceof LlmError)) throw err;
      return undefined;
    }
  }
}

function errorText(chunk: JsonRecord): string | undefined {
  const err = chunk.error;
  if (err === undefined || err === null) return undefined;
  return asString(err) ?? asString(asRecord(err)?.message) ?? excerpt(JSON.stringify(err));
}
