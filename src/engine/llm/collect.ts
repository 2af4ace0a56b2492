/** Drains a chat stream, passing each delta on, and returns the whole answer. */
import type { ChatRequest, LlmClient } from './types';

export async function collectChat(
  client: LlmClient,
  request: ChatRequest,
  signal?: AbortSignal,
  onDelta?: (delta: string) => void,
): Promise<string> {
  let answer = '';
  for await (const delta of client.chat(request, signal)) {
    answer += delta;
    onDelta?.(delta);
  }
  return answer;
}
