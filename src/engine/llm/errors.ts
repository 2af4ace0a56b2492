/**
 * Errors of the LLM clients. Each message says what went wrong and what to do about it, so the CLI and the
 * extension can show `error.message` as is. `code` lets callers branch without instanceof across bundles.
 */
import type { Provider } from './types';

export type LlmErrorCode =
  | 'connection'
  | 'timeout'
  | 'http'
  | 'server'
  | 'model-not-found'
  | 'protocol'
  | 'truncated'
  | 'aborted'
  | 'endpoint'
  | 'remote-endpoint'
  | 'prompt-too-large';

export abstract class LlmError extends Error {
  abstract readonly code: LlmErrorCode;
}

/** Names the server in messages the way users know it. */
export function serverLabel(provider: Provider): string {
  return provider === 'ollama' ? 'Ollama' : 'the OpenAI-compatible server';
}

function startHint(provider: Provider): string {
  return provider === 'ollama'
    ? 'start it with `ollama serve`, or set the endpoint'
    : 'start it (llama.cpp: `llama-server -m <model.gguf>`; LM Studio: start its local server; vLLM: `vllm serve <model>`), or set the endpoint';
}

export class LlmConnectionError extends LlmError {
  readonly code = 'connection';
  constructor(readonly provider: Provider, readonly endpoint: string, readonly reason: string) {
    super(`Cannot reach ${serverLabel(provider)} at ${endpoint} (${reason}) — ${startHint(provider)}.`);
    this.name = 'LlmConnectionError';
  }
}

export type TimeoutPhase = 'connect' | 'firstByte' | 'idle';

const phaseText: Record<TimeoutPhase, string> = {
  connect: 'to accept the connection',
  firstByte: 'to start answering',
  idle: 'between two tokens of the answer',
};

/** What raises each limit, on the command line and in VS Code, so the message can say it. */
export const TIMEOUT_KNOBS: Readonly<Record<TimeoutPhase, { readonly option: string; readonly setting: string }>> = {
  connect: { option: '--connect-timeout', setting: 'codeContextCompressor.llm.connectTimeoutSeconds' },
  firstByte: { option: '--timeout', setting: 'codeContextCompressor.llm.firstByteTimeoutSeconds' },
  idle: { option: '--idle-timeout', setting: 'codeContextCompressor.llm.idleTimeoutSeconds' },
};

export class LlmTimeoutError extends LlmError {
  readonly code = 'timeout';
  constructor(readonly provider: Provider, readonly endpoint: string, readonly phase: TimeoutPhase, readonly ms: number) {
    const knob = TIMEOUT_KNOBS[phase];
    super(
      `${capitalise(serverLabel(provider))} at ${endpoint} took longer than ${formatMs(ms)} ${phaseText[phase]} — ` +
        (phase === 'connect'
          ? 'check that the endpoint is right and the server is running'
          : phase === 'firstByte'
            ? 'the model may still be loading or the prompt is long for this machine; use a smaller model, or wait longer'
            : 'the server stalled in the middle of the answer; check its log, or wait longer') +
        ` (${knob.option} <seconds> on the command line, the setting ${knob.setting} in VS Code).`,
    );
    this.name = 'LlmTimeoutError';
  }
}

export class LlmHttpError extends LlmError {
  readonly code: LlmErrorCode = 'http';
  constructor(
    readonly provider: Provider,
    readonly endpoint: string,
    readonly status: number,
    /** The server's own error text (from its JSON error body when it has one). */
    readonly serverMessage: string,
    hint?: string,
  ) {
    super(`${capitalise(serverLabel(provider))} at ${endpoint} answered HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}${hint ? ` — ${hint}` : ''}`);
    this.name = 'LlmHttpError';
  }
}

export class LlmModelNotFoundError extends LlmHttpError {
  override readonly code = 'model-not-found';
  constructor(provider: Provider, endpoint: string, status: number, serverMessage: string, readonly model: string) {
    super(
      provider,
      endpoint,
      status,
      serverMessage,
      provider === 'ollama'
        ? `model "${model}" is not installed: run \`ollama pull ${model}\`, or choose an installed model.`
        : `model "${model}" is not available on this server: load it in the server, or choose one the server lists.`,
    );
    this.name = 'LlmModelNotFoundError';
  }
}

/** The server reported an error in the middle of a streamed answer (HTTP status was already 200). */
export class LlmServerError extends LlmError {
  readonly code = 'server';
  constructor(readonly provider: Provider, readonly endpoint: string, readonly serverMessage: string) {
    super(`${capitalise(serverLabel(provider))} at ${endpoint} reported an error while answering: ${serverMessage} — check the server's log and ask again.`);
    this.name = 'LlmServerError';
  }
}

/** The server answered, but not in the protocol we expected (wrong provider, proxy page, corrupt line). */
export class LlmProtocolError extends LlmError {
  readonly code = 'protocol';
  constructor(readonly provider: Provider, readonly endpoint: string, detail: string) {
    super(
      `Unexpected reply from ${serverLabel(provider)} at ${endpoint}: ${detail} — check that the endpoint and the provider ` +
        `(${provider === 'ollama' ? 'try provider "openai" if this is llama.cpp, LM Studio or vLLM' : 'try provider "ollama" if this is Ollama'}) are right.`,
    );
    this.name = 'LlmProtocolError';
  }
}

export class LlmStreamTruncatedError extends LlmError {
  readonly code = 'truncated';
  constructor(readonly provider: Provider, readonly endpoint: string, detail: string) {
    super(`The answer from ${serverLabel(provider)} at ${endpoint} stopped before it was complete (${detail}) — the server may have crashed or run out of memory; check its log and ask again.`);
    this.name = 'LlmStreamTruncatedError';
  }
}

/** Cancellation by the caller. `name` is "AbortError" so generic cancellation checks recognise it. */
export class LlmAbortError extends LlmError {
  readonly code = 'aborted';
  constructor() {
    super('The request to the LLM was cancelled.');
    this.name = 'AbortError';
  }
}

export class LlmEndpointError extends LlmError {
  readonly code = 'endpoint';
  constructor(readonly endpoint: string, detail: string) {
    super(`Invalid LLM endpoint "${endpoint}": ${detail}`);
    this.name = 'LlmEndpointError';
  }
}

/** The endpoint is not on this machine and remote endpoints were not allowed. */
export class RemoteEndpointError extends LlmError {
  readonly code = 'remote-endpoint';
  constructor(readonly endpoint: string, readonly host: string) {
    super(
      `The LLM endpoint ${endpoint} is on another machine (${host}); the code context would leave this computer. ` +
        `Use a local endpoint such as http://127.0.0.1:11434, or allow remote endpoints explicitly to send it to ${host}.`,
    );
    this.name = 'RemoteEndpointError';
  }
}

export class PromptTooLargeError extends LlmError {
  readonly code = 'prompt-too-large';
  constructor(
    readonly promptTokens: number,
    readonly answerTokens: number,
    readonly contextWindow: number,
    readonly contextTokens: number,
  ) {
    const room = contextWindow - answerTokens - (promptTokens - contextTokens);
    super(
      `The prompt needs ${promptTokens} tokens plus ${answerTokens} reserved for the answer, more than the model's ` +
        `context window of ${contextWindow} — ` +
        (room > 0
          ? `lower the budget to at most ${room} tokens, or use a model with a larger context window.`
          : 'shorten the question, or use a model with a larger context window.'),
    );
    this.name = 'PromptTooLargeError';
  }
}

export function isLlmError(e: unknown): e is LlmError {
  return e instanceof LlmError;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
