export {
  CachedEncoder,
  EncoderAbortedError,
  meanSurprisal,
  sequenceKey,
  throwIfAborted,
  type Encoder,
  type EncoderCalibration,
  type EncoderDomain,
  type EncoderInfo,
  type LanguageCalibration,
  type ScoreCacheOptions,
  type TokenScores,
} from './encoder';
export { BuiltinEncoder, BuiltinModelLoadError, BUILTIN_MODEL_FILE, type BuiltinModelMeta } from './builtinEncoder';
