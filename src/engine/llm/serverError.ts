/** Turns a non-2xx reply into an error that carries the server's own message and says what to do. */
import { LlmAbortError, LlmHttpError, LlmModelNotFoundError, serverLabel } from './errors';
import type { HttpTarget, OpenResponse } from './http';
import { asString, excerpt, isRecord, tryParseJson } from './json';

const MAX_ERROR_BODY = 64 * 1024;

/** Reads the error body (bounded) and builds the error; throws only when the caller cancelled meanwhile. */
export async function readServerError(res: OpenResponse, target: HttpTarget, model?: string): Promise<LlmHttpError> {
  let body = '';
  try {
    body = await res.text(MAX_ERROR_BODY);
  } catch (err) {
    if (err instanceof LlmAbortError) throw err; // cancelled: that is what the caller must hear
    // Otherwise the status alone still makes a useful message.
  } finally {
    res.close();
  }
  return classifyServerError(res.status, serverMessage(body), target, model);
}

/** The message from the shapes servers use: {error:"…"} (Ollama), {error:{message}} (OpenAI), {message}, {detail}. */
export function serverMessage(body: string): string {
  const parsed = tryParseJson(body);
  if (parsed.ok && isRecord(parsed.value)) {
    const v = parsed.value;
    const err = v.error;
    const text =
      asString(err) ??
      (isRecord(err) ? asString(err.message) : undefined) ??
      asString(v.message) ??
      asString(v.detail) ??
      (Array.isArray(v.detail) ? JSON.stringify(v.detail) : undefined);
    if (text !== undefined) return excerpt(text, 500);
  }
  return excerpt(body.replace(/<[^>]*>/g, ' '), 300);
}

export function isModelNotFoundMessage(message: string): boolean {
  return /model/i.test(message) && /(not found|does not exist|no such|not loaded|unknown|pull)/i.test(message);
}

export function classifyServerError(status: number, message: string, target: HttpTarget, model?: string): LlmHttpError {
  const { provider, endpoint } = target;
  if (model !== undefined && (status === 404 || status === 400) && isModelNotFoundMessage(message)) {
    return new LlmModelNotFoundError(provider, endpoint, status, message, model);
  }
  return new LlmHttpError(provider, endpoint, status, message, hintFor(status, target));
}

function hintFor(status: number, target: HttpTarget): string | undefined {
  if (status === 404) return `that API path does not exist there; check that the endpoint is ${serverLabel(target.provider)} (or set the provider).`;
  if (status === 401 || status === 403) return 'the server requires an API key or refused it.';
  if (status === 413) return 'the request is too large for the server; lower the budget.';
  if (status >= 500) return "check the server's log.";
  return undefined;
}
