export { deviceCandidates, type ConcreteDevice, type DeviceChoice } from './device';
export {
  downloadEncoderModel,
  encoderModelDir,
  isEncoderPresent,
  presentNeuralEncoders,
  type DownloadOptions,
  type DownloadProgress,
  type FetchLike,
} from './download';
export {
  DeviceUnavailableError,
  ModelDownloadError,
  NeuralModelNotFoundError,
  NeuralRuntimeUnavailableError,
  UnsupportedArchitectureError,
  type DeviceAttempt,
} from './errors';
export { reduceLogits } from './logprobs';
export { LogitReducer } from './logitReducer';
export { findGpuDeviceNode, findVulkanLoader } from './vulkan';
export { loadNeuralEncoder, NeuralEncoder, ONNX_FILE, type DeviceReport, type NeuralEncoderOptions } from './neuralEncoder';
export { loadTransformers, ORT_BINDING_SYMBOL } from './runtime';
