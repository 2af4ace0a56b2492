/** Chat plumbing shared by the Ollama and OpenAI-compatible client tests. */
import * as assert from 'node:assert/strict';
import { createLlmClient, type ChatDoneInfo, type LlmClient, type Provider, type Timeouts } from '../../../src/engine/llm';
import { startServer, type Handler, type TestServer } from './llmServers';

/** A loopback server answering `route` with `chat`, and a client of `provider` pointed at it (plus `endpointPath`). */
export async function withChatServer(route: string, provider: Provider, chat: Handler, run: (client: LlmClient, server: TestServer) => Promise<void>, timeouts: Timeouts, endpointPath = ''): Promise<void> {
  const server = await startServer({ [route]: chat });
  try {
    await run(createLlmClient({ endpoint: `${server.url}${endpointPath}`, provider, timeouts }), server);
  } finally {
    await server.close();
  }
}

/** Every delta of one chat ("hi" to `model`). */
export async function drainChat(client: LlmClient, model: string, signal?: AbortSignal, onDone?: (i: ChatDoneInfo) => void): Promise<string[]> {
  const deltas: string[] = [];
  for await (const d of client.chat({ model, messages: [{ role: 'user', content: 'hi' }], onDone }, signal)) deltas.push(d);
  return deltas;
}

/** Runs the chat and returns what it threw (failing when it did not), with the deltas seen before. */
export async function failedChat(client: LlmClient, model: string, signal?: AbortSignal): Promise<{ error: unknown; deltas: string[]; ms: number }> {
  const deltas: string[] = [];
  const t0 = Date.now();
  try {
    for await (const d of client.chat({ model, messages: [{ role: 'user', content: 'hi' }] }, signal)) deltas.push(d);
  } catch (error) {
    return { error, deltas, ms: Date.now() - t0 };
  }
  assert.fail('the chat should have failed');
}
