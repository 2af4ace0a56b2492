export { GgufEncoder, reducePosition, type GgufDevice, type GgufEncoderOptions, type GgufEntropyMode } from './ggufEncoder';
export { GgufFormatError, readGgufMetadata, type GgufMetadata, type GgufTokenizerSummary } from './ggufMetadata';
export { checkTokenizer, ggufTokenizerRules, identifyGguf, type GgufIdentity, type GgufTokenizerRule } from './identify';
export { GgufRuntimeUnavailableError, loadNodeLlamaCpp } from './llamaRuntime';
export { findSiblingGguf, loadGguf, resolveGgufFile, type GgufRequest, type LoadedGguf } from './ggufSource';
export { listOllamaModels, OLLAMA_MODEL_LAYER, ollamaModelDirs, OllamaModelNotFoundError, parseOllamaName, resolveOllamaModel } from './ollamaModels';
