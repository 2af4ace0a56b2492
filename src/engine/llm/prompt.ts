/** Builds the chat messages for a question about the compressed context, and proves they fit the window. */
import { PromptTooLargeError } from './errors';
import type { ChatMessage } from './types';

export const DEFAULT_SYSTEM_PROMPT =
  'You are a coding assistant. The user gives you code context and then a question about it. ' +
  'The context was compressed to fit: some bodies are elided and replaced by a marker, and some units are ' +
  'omitted. Answer from the context; when the answer depends on code that was elided, say so instead of guessing.';

export interface PromptInput {
  /** The rendered context, already within the budget, in the decoder's context format. */
  readonly context: string;
  readonly question: string;
  /** The model's context window in tokens (from the server when it says, else the decoder profile). */
  readonly contextWindow: number;
  /** Counts tokens in the decoder's own tokenizer. */
  readonly countTokens: (text: string) => number;
  /** Tokens kept free for the answer; defaults to 1024, or a quarter of a small window. */
  readonly answerTokens?: number;
  readonly systemPrompt?: string;
  /** Tokens the chat template adds around each message (role markers, separators). */
  readonly perMessageOverhead?: number;
}

export interface Prompt {
  readonly messages: ChatMessage[];
  /** Tokens of the whole prompt, template overhead included. */
  readonly promptTokens: number;
  /** Tokens of the context part alone. */
  readonly contextTokens: number;
  readonly answerTokens: number;
  /**
   * The window to ask the server for (Ollama's num_ctx): prompt + answer, rounded up to a multiple of 2048
   * because Ollama reloads the model whenever num_ctx changes, capped at the model's window.
   */
  readonly numCtx: number;
}

const NUM_CTX_STEP = 2048;
// ChatML (Qwen) wraps each message in "<|im_start|>role\n … <|im_end|>\n": about 5 tokens; 8 leaves room for others.
const DEFAULT_OVERHEAD = 8;

/** The user turn: the context, then the question. */
export function userMessage(context: string, question: string): string {
  const c = context.trimEnd();
  const q = question.trim();
  return c ? `${c}\n\nQuestion: ${q}` : `Question: ${q}`;
}

export function buildPrompt(input: PromptInput): Prompt {
  const question = input.question.trim();
  if (!question) throw new Error('The question is empty: write what you want to ask about the code.');
  if (!Number.isFinite(input.contextWindow) || input.contextWindow <= 0) {
    throw new Error(`The model's context window must be a positive number of tokens, not ${input.contextWindow}.`);
  }
  const system = input.systemPrompt ?? DEFAULT_SYSTEM_PROMPT;
  const context = input.context.trimEnd();
  const user = userMessage(context, question);
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
  const overhead = input.perMessageOverhead ?? DEFAULT_OVERHEAD;
  // The assistant turn's opening marker counts as prompt too.
  const promptTokens = messages.reduce((n, m) => n + input.countTokens(m.content) + overhead, 0) + overhead;
  const contextTokens = context ? input.countTokens(context) : 0;
  const answerTokens = input.answerTokens ?? Math.min(1024, Math.floor(input.contextWindow / 4));
  if (promptTokens + answerTokens > input.contextWindow) {
    throw new PromptTooLargeError(promptTokens, answerTokens, input.contextWindow, contextTokens);
  }
  const numCtx = Math.min(input.contextWindow, Math.ceil((promptTokens + answerTokens) / NUM_CTX_STEP) * NUM_CTX_STEP);
  return { messages, promptTokens, contextTokens, answerTokens, numCtx };
}
