/** Shared types of the LLM clients. Pure data: no behaviour, no I/O. */

/** The wire protocols we speak. "openai" covers llama.cpp's server, LM Studio and vLLM. */
export type Provider = 'ollama' | 'openai';

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** How long each phase of a request may stay silent before it fails. Every phase is bounded: never hang. */
export interface Timeouts {
  /** From starting the request to an open TCP (or TLS) connection. */
  readonly connectMs: number;
  /** From the open connection to the first byte of the answer; covers model loading and prompt evaluation. */
  readonly firstByteMs: number;
  /** Longest silence between two chunks of a streamed answer. */
  readonly idleMs: number;
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Context window to ask the server for (Ollama's `num_ctx`); ignored where the server fixes it. */
  readonly contextTokens?: number;
  /** Longest answer, in tokens (Ollama's `num_predict`, OpenAI's `max_tokens`). */
  readonly maxAnswerTokens?: number;
  readonly temperature?: number;
  /** Called once when the server reports the end of the answer, with what it says about it. */
  readonly onDone?: ((info: ChatDoneInfo) => void) | undefined;
}

export interface ChatDoneInfo {
  /** Why generation stopped, as the server says it ("stop", "length", ...). */
  readonly finishReason?: string | undefined;
  /** Prompt tokens as counted by the server (compare with our own count). */
  readonly promptTokens?: number | undefined;
  readonly answerTokens?: number | undefined;
}

export interface ModelInfo {
  /** The name to pass as `model` in a chat request. */
  readonly id: string;
  readonly provider: Provider;
  readonly sizeBytes?: number | undefined;
  readonly family?: string | undefined;
  readonly parameterSize?: string | undefined;
  readonly quantization?: string | undefined;
  /** Context window, when the listing says it (vLLM's `max_model_len`). */
  readonly contextLength?: number | undefined;
}

/** A local LLM server. Every call takes an AbortSignal that aborts the HTTP request promptly. */
export interface LlmClient {
  readonly provider: Provider;
  /** The endpoint as the user gave it, normalised (no trailing slash); used in messages. */
  readonly endpoint: string;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** The model's context window as the server reports it, or undefined when it does not say. */
  contextLength(model: string, signal?: AbortSignal): Promise<number | undefined>;
  /** Streams the answer as text deltas. Ends only when the server says the answer is complete. */
  chat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<string>;
}
