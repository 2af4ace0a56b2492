export { entropyFromTopK } from './topkEntropy';
export { parseServingProtocol, SERVING_PROTOCOLS, ServingReplyError, type ServingProtocol } from './protocols';
export { ServingEncoder, type ServingEncoderOptions } from './servingEncoder';
export { connectServingScorer, type ScorerPreference, type ServingScorer } from './servingScorer';
