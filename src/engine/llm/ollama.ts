/** Ollama's native API: /api/chat streams NDJSON, /api/tags lists models, /api/show tells the context length. */
import { apiUrl, displayEndpoint } from './endpoint';
import { LlmProtocolError, LlmServerError, LlmStreamTruncatedError } from './errors';
import type { HttpTarget } from './http';
import { asNumber, asRecord, asString, excerpt, isRecord, tryParseJson } from './json';
import { openStream, requestJson } from './jsonRequest';
import { AnswerProgress } from './progress';
import { LineTooLongError, readLines } from './lines';
import type { ChatRequest, LlmClient, ModelInfo, Timeouts } from './types';

const MAX_LINE_CHARS = 4 * 1024 * 1024;

export class OllamaClient implements LlmClient {
  readonly provider = 'ollama';
  readonly endpoint: string;
  private readonly target: HttpTarget;

  constructor(private readonly base: URL, private readonly timeouts: Timeouts) {
    this.endpoint = displayEndpoint(base);
    this.target = { provider: 'ollama', endpoint: this.endpoint };
  }

  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const body = await requestJson({ url: apiUrl(this.base, 'ollama', '/tags'), method: 'GET', timeouts: this.timeouts, target: this.target, signal });
    const models = isRecord(body) ? body.models : undefined;
    if (!Array.isArray(models)) throw new LlmProtocolError('ollama', this.endpoint, '/api/tags has no "models" list');
    const out: ModelInfo[] = [];
    for (const m of models) {
      if (!isRecord(m)) continue;
      const id = asString(m.name) ?? asString(m.model);
      if (!id) continue;
      const details = asRecord(m.details);
      out.push({
        id,
        provider: 'ollama',
        sizeBytes: asNumber(m.size),
        family: asString(details?.family),
        parameterSize: asString(details?.parameter_size),
        quantization: asString(details?.quantization_level),
      });
    }
    return out;
  }

  /** The trained context length from /api/show's model_info ("<architecture>.context_length"). */
  async contextLength(model: string, signal?: AbortSignal): Promise<number | undefined> {
    const body = await requestJson(
      // "name" for Ollama releases before "model" was accepted here; newer ones take either.
      { url: apiUrl(this.base, 'ollama', '/show'), method: 'POST', body: { model, name: model }, timeouts: this.timeouts, target: this.target, signal },
      model,
    );
    const info = isRecord(body) ? asRecord(body.model_info) : undefined;
    if (!info) return undefined;
    const arch = asString(info['general.architecture']);
    const direct = arch ? asNumber(info[`${arch}.context_length`]) : undefined;
    if (direct !== undefined) return direct;
    const key = Object.keys(info).find((k) => k.endsWith('.context_length'));
    return key ? asNumber(info[key]) : undefined;
  }

  async *chat(request: ChatRequest, signal?: AbortSignal): AsyncGenerator<string, void, undefined> {
    const options: Record<string, number> = {};
    // Without num_ctx Ollama uses its default (2048 in many releases) and silently drops the start of a longer prompt.
    if (request.contextTokens !== undefined) options.num_ctx = request.contextTokens;
    if (request.maxAnswerTokens !== undefined) options.num_predict = request.maxAnswerTokens;
    if (request.temperature !== undefined) options.temperature = request.temperature;
    const res = await openStream(
      {
        url: apiUrl(this.base, 'ollama', '/chat'),
        method: 'POST',
        body: { model: request.model, messages: request.messages, stream: true, options },
        accept: 'application/x-ndjson',
        timeouts: this.timeouts,
        target: this.target,
        signal,
      },
      request.model,
      'NDJSON',
    );
    const progress = new AnswerProgress(this.timeouts, this.target, request.maxAnswerTokens);
    try {
      for await (const line of readLines(progress.watch(res.chunks()), MAX_LINE_CHARS)) {
        if (line.text.trim() === '') continue;
        const parsed = tryParseJson(line.text);
        if (!parsed.ok || !isRecord(parsed.value)) {
          if (!line.complete) throw new LlmStreamTruncatedError('ollama', this.endpoint, 'the last line was cut off');
          throw new LlmProtocolError('ollama', this.endpoint, `a streamed line is not a JSON object: "${excerpt(line.text)}"`);
        }
        const msg = parsed.value;
        const error = asString(msg.error);
        if (error !== undefined) throw new LlmServerError('ollama', this.endpoint, error);
        const content = asString(asRecord(msg.message)?.content);
        if (content) {
          progress.content(content);
          yield content;
        }
        if (msg.done === true) {
          request.onDone?.({
            finishReason: asString(msg.done_reason),
            promptTokens: asNumber(msg.prompt_eval_count),
            answerTokens: asNumber(msg.eval_count),
          });
          return;
        }
      }
    } catch (err) {
      if (err instanceof LineTooLongError) throw new LlmProtocolError('ollama', this.endpoint, err.message);
      throw err;
    } finally {
      res.close();
    }
    throw new LlmStreamTruncatedError('ollama', this.endpoint, 'the stream ended without the final "done" message');
  }
}
