/** The LLM forwarding side of the engine: clients, prompt assembly, privacy. */
export type { ChatDoneInfo, ChatMessage, ChatRequest, LlmClient, ModelInfo, Provider, Timeouts } from './types';
export { createLlmClient, DEFAULT_TIMEOUTS } from './client';
export type { LlmClientOptions } from './client';
export { DEFAULT_ENDPOINTS, PROVIDERS, detectProvider, parseEndpoint, parseProvider, displayEndpoint } from './endpoint';
export type { ProviderGuess } from './endpoint';
export { assertEndpointAllowed, isLoopbackHost } from './privacy';
export type { EndpointPolicy } from './privacy';
export { redactSecrets, redactText, describeRedaction, redactionMarker, isSecretName } from '../secrets';
export type { RedactionResult, SecretKind } from '../secrets';
export { buildPrompt, userMessage, DEFAULT_SYSTEM_PROMPT } from './prompt';
export type { Prompt, PromptInput } from './prompt';
export { collectChat } from './collect';
export {
  LlmError,
  LlmAbortError,
  LlmConnectionError,
  LlmEndpointError,
  LlmHttpError,
  LlmModelNotFoundError,
  LlmProtocolError,
  LlmServerError,
  LlmStreamTruncatedError,
  LlmTimeoutError,
  PromptTooLargeError,
  RemoteEndpointError,
  isLlmError,
} from './errors';
export type { LlmErrorCode, TimeoutPhase } from './errors';
export { PromptFile, PromptSaveError, defaultPromptFolders } from './promptFile';
export type { PromptFolders } from './promptFile';
