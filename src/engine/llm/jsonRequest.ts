/** Requests to an LLM server with the checks every reply needs: non-2xx replies become the server's own error. */
import { LlmProtocolError } from './errors';
import { openRequest } from './http';
import type { OpenResponse, RequestSpec } from './http';
import { excerpt, tryParseJson } from './json';
import { readServerError } from './serverError';

const MAX_JSON_BODY = 16 * 1024 * 1024;

/** A small non-streamed JSON request (model list, model details) with the same timeouts and errors as chat. */
export async function requestJson(spec: Omit<RequestSpec, 'accept'>, model?: string): Promise<unknown> {
  const res = await openRequest({ ...spec, accept: 'application/json' });
  if (res.status < 200 || res.status >= 300) throw await readServerError(res, spec.target, model);
  const body = await res.text(MAX_JSON_BODY);
  const parsed = tryParseJson(body);
  if (!parsed.ok) {
    throw new LlmProtocolError(spec.target.provider, spec.target.endpoint, `${spec.url.pathname} did not return JSON (${res.mediaType || 'no content type'}: "${excerpt(body, 120)}")`);
  }
  return parsed.value;
}

/**
 * Opens a streamed chat reply: a non-2xx reply becomes the server's error, an HTML page (a proxy, a wrong URL)
 * a protocol error naming what was expected instead.
 */
export async function openStream(spec: RequestSpec, model: string, expected: string): Promise<OpenResponse> {
  const res = await openRequest(spec);
  if (res.status < 200 || res.status >= 300) throw await readServerError(res, spec.target, model);
  if (res.mediaType === 'text/html') {
    res.close();
    throw new LlmProtocolError(spec.target.provider, spec.target.endpoint, `it answered with an HTML page instead of ${expected}`);
  }
  return res;
}
