export { deviceCandidates, onnxRuntimeUnsupported, type ConcreteDevice, type DeviceChoice } from './device';
export { chooseDtype, downloadDtype, dtypeMismatch, ONNX_FILE, type DtypeChoice } from './dtype';
export { halfToFloat } from './halfFloat';
export { declaredExternalData, parseModelConfig } from './modelConfig';
export { externalDataPath, onnxExternalDataFiles } from './onnxExternalData';
export {
  downloadEncoderModel,
  encoderModelDir,
  isEncoderPresent,
  presentDtypes,
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
  NeuralRuntimeUnsupportedError,
  UnsupportedArchitectureError,
  type DeviceAttempt,
} from './errors';
export { reduceLogits } from './logprobs';
export { LogitReducer } from './logitReducer';
export { findGpuDeviceNode, findVulkanLoader } from './vulkan';
export { loadNeuralEncoder, NeuralEncoder, plannedDevice, type DeviceReport, type NeuralEncoderOptions } from './neuralEncoder';
export { loadTransformers, ORT_BINDING_SYMBOL } from './runtime';
