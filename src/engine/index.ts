/** The engine's public surface, shared by the extension and the CLI. Nothing here imports `vscode`. */
export { Compressor, InvalidBudgetError, type EngineAssets } from './compress';
export { CancelledError } from './abort';
export { isValidBudget, MIN_BUDGET } from './budget';
export { DEFAULT_DECODER, findDecoder, knownDecoderIds, requireDecoder, UnknownDecoderError, type DecoderProfile } from './decoders';
export { gatherFiles, type GatherOptions, type Gathered } from './gather/gatherFiles';
export { decodeSource } from './gather/readSource';
export { joinQuery } from './query';
export { languageOfEditorId, languageOfPath, type LanguageId } from './segment/languages';
export { countOf, formatTokens, formatRatio, summaryLine } from './stats';
export type * from './types';
export { createLlmClientForSettings, prepareAsk, streamAnswer, NoModelsError, type AskRequest, type PreparedAsk } from './ask';
export { isLlmError, parseProvider, PromptTooLargeError, RemoteEndpointError, type Provider } from './llm';
export { encoderEntries, findEncoder, matchEncoder, type EncoderEntry, type MatchResult } from './encoder/matching';
export type { EncoderChoice, EncoderLocations } from './encoder/select';
export { DecoderTokenizerUnavailableError } from './decoders';
export { isDense, warrantsWarning } from './density/unitDensity';
export { downloadEncoderModel } from './encoder/neural';
