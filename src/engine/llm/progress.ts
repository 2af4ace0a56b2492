/**
 * Deadlines on the answer itself, not only on the bytes: a server that keeps the connection alive with
 * empty messages or SSE comments, or trickles bytes that are no part of the answer, resets the socket's idle
 * timer forever. Here only answer text counts as progress; every arriving chunk checks the clock.
 */
import { LlmProtocolError, LlmTimeoutError } from './errors';
import type { HttpTarget } from './http';
import type { Timeouts } from './types';

/** Tokens are rarely longer than this many characters; a server past it ignores the answer limit. */
const CHARS_PER_TOKEN_BOUND = 32;
const DEFAULT_MAX_CHARS = 4 * 1024 * 1024;

export class AnswerProgress {
  private last = Date.now();
  private started = false;
  private chars = 0;
  private readonly maxChars: number;

  constructor(private readonly timeouts: Timeouts, private readonly target: HttpTarget, maxAnswerTokens?: number) {
    this.maxChars = maxAnswerTokens !== undefined && maxAnswerTokens > 0 ? maxAnswerTokens * CHARS_PER_TOKEN_BOUND : DEFAULT_MAX_CHARS;
  }

  /** Passes the chunks on, failing as soon as one arrives later than the limit after the last answer text. */
  async *watch<T>(chunks: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
    for await (const chunk of chunks) {
      this.check();
      yield chunk;
    }
  }

  /** Answer text arrived. */
  content(text: string): void {
    if (!text) return;
    this.check();
    this.started = true;
    this.last = Date.now();
    this.chars += text.length;
    if (this.chars > this.maxChars) {
      throw new LlmProtocolError(this.target.provider, this.target.endpoint, `the answer went on past ${this.maxChars} characters, far beyond the token limit that was asked for`);
    }
  }

  private check(): void {
    const limit = this.started ? this.timeouts.idleMs : this.timeouts.firstByteMs;
    if (Date.now() - this.last > limit) {
      throw new LlmTimeoutError(this.target.provider, this.target.endpoint, this.started ? 'idle' : 'firstByte', limit);
    }
  }
}
