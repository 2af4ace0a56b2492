/** Parsing an endpoint URL and telling which protocol it speaks. */
import { LlmEndpointError } from './errors';
import type { Provider } from './types';

/** Loopback, not "localhost": Node may resolve localhost to ::1 while Ollama listens on 127.0.0.1 only. */
export const DEFAULT_ENDPOINTS: Readonly<Record<Provider, string>> = {
  ollama: 'http://127.0.0.1:11434',
  openai: 'http://127.0.0.1:8080',
};

export const PROVIDERS: readonly Provider[] = ['ollama', 'openai'];

export function parseProvider(name: string): Provider | undefined {
  const n = name.trim().toLowerCase();
  return (PROVIDERS as readonly string[]).includes(n) ? (n as Provider) : undefined;
}

/** Accepts "127.0.0.1:11434" as well as "http://127.0.0.1:11434/"; only http and https. */
export function parseEndpoint(endpoint: string): URL {
  const raw = endpoint.trim();
  if (!raw) throw new LlmEndpointError(endpoint, 'it is empty.');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new LlmEndpointError(endpoint, 'it is not a URL; write it like http://127.0.0.1:11434.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LlmEndpointError(endpoint, `only http:// and https:// are supported, not ${url.protocol}//.`);
  }
  if (url.search || url.hash) throw new LlmEndpointError(endpoint, 'remove the query string or fragment.');
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

/** The endpoint as shown in messages: origin and base path, no trailing slash, no credentials. */
export function displayEndpoint(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

export interface ProviderGuess {
  readonly provider: Provider;
  /** Why, for logs and --verbose output. */
  readonly reason: string;
}

/** Well-known default ports of OpenAI-compatible local servers. */
const openAiPorts: Readonly<Record<string, string>> = {
  '8080': "llama.cpp server's default port",
  '1234': "LM Studio's default port",
  '8000': "vLLM's default port",
};

/**
 * Guesses the protocol from the URL alone. The path wins over the port because Ollama itself serves an
 * OpenAI-compatible API under /v1, so "…:11434/v1" really is meant as OpenAI-compatible.
 */
export function detectProvider(endpoint: string | URL): ProviderGuess {
  const url = typeof endpoint === 'string' ? parseEndpoint(endpoint) : endpoint;
  const path = url.pathname.toLowerCase();
  if (/(^|\/)v1(\/|$)/.test(path)) return { provider: 'openai', reason: 'the path contains /v1' };
  if (/(^|\/)api(\/|$)/.test(path)) return { provider: 'ollama', reason: 'the path contains /api' };
  if (url.port === '11434') return { provider: 'ollama', reason: "port 11434 is Ollama's default" };
  const known = openAiPorts[url.port];
  if (known) return { provider: 'openai', reason: known };
  return { provider: 'openai', reason: 'nothing in the URL says otherwise; OpenAI-compatible is the common protocol' };
}

/**
 * Where a provider's API lives under the endpoint: accepts the server root or the API base, so both
 * "http://h:8080" and "http://h:8080/v1" (or "http://h:11434/api") work.
 */
export function apiUrl(base: URL, provider: Provider, path: string): URL {
  const prefix = provider === 'ollama' ? '/api' : '/v1';
  const basePath = base.pathname.replace(/\/+$/, '');
  const full = basePath.toLowerCase().endsWith(prefix) ? `${basePath}${path}` : `${basePath}${prefix}${path}`;
  const url = new URL(base.href);
  url.pathname = full;
  return url;
}
