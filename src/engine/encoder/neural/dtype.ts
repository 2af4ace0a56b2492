import type { NeuralDtype } from '../matching';
import type { ConcreteDevice } from './device';

/** The ONNX file transformers.js loads for each dtype (its DEFAULT_DTYPE_SUFFIX_MAPPING). */
export const ONNX_FILE: Readonly<Record<NeuralDtype, string>> = {
  fp32: 'onnx/model.onnx',
  fp16: 'onnx/model_fp16.onnx',
  q8: 'onnx/model_quantized.onnx',
  q4: 'onnx/model_q4.onnx',
};

export interface DtypeChoice {
  readonly dtype: NeuralDtype;
  /** Why this one: said in the log and the encoder's device line. */
  readonly reason: string;
  /** Set when the pair is known to run slowly or wrongly (the user's explicit choice still wins). */
  readonly warning?: string;
}

/**
 * Weight formats per device, best first. The CPU: fp32 is the reference precision; q8
 * (model_quantized.onnx) is dynamic quantisation (DynamicQuantizeLinear + MatMulInteger), whose integer
 * kernels exist on the CPU, a quarter of the size; q4 next; fp16 last, since most CPUs have no fp16
 * arithmetic and onnxruntime casts around it. A GPU: fp16 (half the memory traffic of fp32, native on every
 * GPU provider), then fp32. q8/q4 are not offered to a GPU at all: GPU providers run the dynamic-quantisation
 * ops on the CPU, copying activations back and forth (onnxruntime #7745), and WebGPU has been reported to give
 * wrong outputs for q8/q4 models (transformers.js #1512, #1317, #1728).
 */
const PREFERENCE: Readonly<Record<'cpu' | 'gpu', readonly NeuralDtype[]>> = {
  cpu: ['fp32', 'q8', 'q4', 'fp16'],
  gpu: ['fp16', 'fp32'],
};

export function isGpuDevice(device: ConcreteDevice): boolean {
  return device !== 'cpu';
}

/** Why a dtype is a poor fit for a device, or undefined when it is a good one. */
export function dtypeMismatch(device: ConcreteDevice, dtype: NeuralDtype): string | undefined {
  if (isGpuDevice(device) && (dtype === 'q8' || dtype === 'q4')) {
    return `${dtype} weights on ${device} are a known-bad pair: GPU providers run the dynamic-quantisation ops on the CPU (onnxruntime #7745) and WebGPU has given wrong results for them (transformers.js #1512, #1728); fp16 or fp32 weights fit a GPU`;
  }
  if (!isGpuDevice(device) && dtype === 'fp16') return 'fp16 weights on the CPU run slowly (onnxruntime casts around operators without fp16 kernels); fp32 or q8 fit the CPU';
  return undefined;
}

export interface DtypeRequest {
  /** The user's explicit dtype: wins whenever its file is present. */
  readonly requested?: NeuralDtype | undefined;
  /**
   * True when the user named the device: with none of its good formats present, a known-bad one runs (with a
   * warning) rather than nothing. Under `auto` the loader moves on to the next device instead.
   */
  readonly deviceNamed?: boolean;
}

/**
 * The weights to load on `device`, from the dtypes whose files are `present`. An explicit dtype wins (with a
 * warning when the pair is known-bad) and gives undefined when its file is missing. Without one, the device's
 * preference order picks; undefined when none of its formats is present and the device was not named.
 */
export function chooseDtype(device: ConcreteDevice, present: readonly NeuralDtype[], request: DtypeRequest = {}): DtypeChoice | undefined {
  const { requested } = request;
  if (requested) {
    if (!present.includes(requested)) return undefined;
    const warning = dtypeMismatch(device, requested);
    return { dtype: requested, reason: 'set explicitly', ...(warning ? { warning } : {}) };
  }
  const kind = isGpuDevice(device) ? 'gpu' : 'cpu';
  const dtype = PREFERENCE[kind].find((d) => present.includes(d));
  if (!dtype) {
    const other = (['fp32', 'fp16', 'q8', 'q4'] as const).find((d) => present.includes(d));
    const warning = other && request.deviceNamed ? dtypeMismatch(device, other) : undefined;
    return other && warning ? { dtype: other, reason: `${other}, the only weights present`, warning } : undefined;
  }
  const first = PREFERENCE[kind][0];
  const reason =
    kind === 'gpu'
      ? dtype === 'fp16'
        ? 'fp16 is native on GPUs and halves the memory traffic of fp32'
        : 'fp32, as no fp16 weights are present; q8/q4 are not run on a GPU'
      : dtype === first
        ? 'fp32 is the reference precision'
        : `${dtype}, the best CPU format present`;
  return { dtype, reason };
}

/**
 * The weights to download for a device that is expected to run the model: the registry's CPU format for the
 * CPU, fp16 for a GPU.
 */
export function downloadDtype(device: ConcreteDevice, registryDtype: NeuralDtype): NeuralDtype {
  if (!isGpuDevice(device)) return dtypeMismatch('cpu', registryDtype) ? 'q8' : registryDtype;
  return dtypeMismatch(device, registryDtype) ? 'fp16' : registryDtype;
}
