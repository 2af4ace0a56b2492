import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { PreTrainedModel, Tensor } from '@huggingface/transformers';
import type { Encoder, EncoderCalibration, EncoderDomain, EncoderInfo, TokenScores } from '../encoder';
import { throwIfAborted } from '../encoder';
import type { NeuralDtype } from '../matching';
import { deviceCandidates, onnxRuntimeUnsupported, type ConcreteDevice, type DeviceChoice } from './device';
import { presentDtypes } from './download';
import { chooseDtype, ONNX_FILE, type DtypeChoice } from './dtype';
import { DeviceUnavailableError, NeuralModelNotFoundError, NeuralRuntimeUnsupportedError, UnsupportedArchitectureError, type DeviceAttempt } from './errors';
import { halfToFloat } from './halfFloat';
import { parseModelConfig, type ModelConfig } from './modelConfig';
import { LogitReducer } from './logitReducer';
import { findGpuDeviceNode, findVulkanLoader } from './vulkan';
import { loadTransformers, ORT_BINDING_SYMBOL, type TransformersModule } from './runtime';

export interface NeuralEncoderOptions {
  /** Folder with config.json and onnx/model*.onnx (a Hugging Face repo layout). */
  readonly modelDir: string;
  /** transformers.js's cache folder (env.cacheDir); set explicitly because its default is inside node_modules. */
  readonly cacheDir: string;
  /** Metadata from the registry; defaults describe an unknown model from its config.json. */
  readonly id?: string;
  readonly family?: string;
  readonly domain?: EncoderDomain;
  readonly tokenizer?: string;
  /** Default `auto`: the platform's GPU provider, then CPU. */
  readonly device?: DeviceChoice;
  /** Default: chosen per device from the weights present (dtype.ts: fp32 then q8 on the CPU, fp16 then fp32 on a GPU). */
  readonly dtype?: NeuralDtype;
  /** Tokens per forward pass; logits held at once are chunkTokens × vocab floats (128 × 151,936 × 4 B ≈ 78 MB). */
  readonly chunkTokens?: number;
  /** Longest context kept in the KV cache; longer sequences continue with a fresh window (default 4096). */
  readonly maxContextTokens?: number;
  /** CPU threads for onnxruntime (default: its own choice). */
  readonly threads?: number;
  /** Path of onnxruntime_binding.node when it is not in node_modules (the packaged extension). */
  readonly onnxRuntimeBinding?: string;
  /** Appended to the not-found message: how this front end downloads or configures a model. */
  readonly missingModelHint?: string;
  readonly log?: (message: string) => void;
  /** This process's platform and architecture unless given (tests stand in for another machine). */
  readonly platform?: { readonly platform: NodeJS.Platform; readonly arch: string };
}

export interface DeviceReport {
  readonly requested: DeviceChoice;
  readonly used: ConcreteDevice;
  /** Devices tried before `used`, with why each failed. */
  readonly fallbacks: readonly DeviceAttempt[];
  /** The weights loaded on `used`, and why those. */
  readonly dtype: DtypeChoice;
}

const DEFAULT_CHUNK = 128;
const DEFAULT_MAX_CONTEXT = 4096;

async function readConfig(dir: string, hint: string | undefined): Promise<ModelConfig> {
  const file = path.join(dir, 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new NeuralModelNotFoundError(file, hint);
  }
  return parseModelConfig(text, dir);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Loads a causal LM from a local folder with remote models disabled, on the first device that works.
 * Nothing is downloaded here (see download.ts for first-use downloads into the cache).
 */
export async function loadNeuralEncoder(options: NeuralEncoderOptions, signal?: AbortSignal): Promise<NeuralEncoder> {
  const unsupported = onnxRuntimeUnsupported(options.platform?.platform, options.platform?.arch);
  if (unsupported) throw new NeuralRuntimeUnsupportedError(unsupported);
  const dir = path.resolve(options.modelDir);
  const config = await readConfig(dir, options.missingModelHint);
  const present = presentDtypes(dir);
  if (options.dtype ? !present.includes(options.dtype) : present.length === 0) {
    throw new NeuralModelNotFoundError(path.join(dir, ONNX_FILE[options.dtype ?? 'fp32']), options.missingModelHint);
  }
  throwIfAborted(signal);

  const tf = await loadTransformers(options.onnxRuntimeBinding);
  configureEnv(tf, options.cacheDir);

  const requested = options.device ?? 'auto';
  const fallbacks: DeviceAttempt[] = [];
  for (const device of deviceCandidates(requested)) {
    throwIfAborted(signal);
    const missing = missingProvider(device, options.onnxRuntimeBinding, requested === 'auto');
    if (missing) {
      fallbacks.push({ device, error: missing });
      continue;
    }
    const choice = chooseDtype(device, present, { requested: options.dtype, deviceNamed: requested !== 'auto' });
    if (!choice) {
      fallbacks.push({ device, error: `only ${present.join('/')} weights are present, which are not run on a GPU (download fp16 or fp32 weights for it)` });
      continue;
    }
    if (choice.warning) options.log?.(`neural encoder: ${choice.warning}`);
    const dtype = choice.dtype;
    try {
      const model = await tf.AutoModelForCausalLM.from_pretrained(dir, {
        local_files_only: true,
        cache_dir: options.cacheDir,
        device,
        dtype,
        ...(options.threads ? { session_options: { intraOpNumThreads: options.threads } } : {}),
      });
      const report: DeviceReport = { requested, used: device, fallbacks, dtype: choice };
      const skipped = fallbacks.length ? `${fallbacks.map((f) => `${f.device} unavailable (${f.error})`).join('; ')}; ` : '';
      options.log?.(`neural encoder: ${skipped}running on ${device} with ${dtype} weights (${choice.reason})`);
      return new NeuralEncoder(tf, model, config, dir, dtype, report, options);
    } catch (err) {
      const msg = messageOf(err);
      if (/Unsupported model type|not supported/i.test(msg) && !/provider|device/i.test(msg)) {
        throw new UnsupportedArchitectureError(dir, config.architectures?.[0] ?? String(config.model_type), msg);
      }
      if (/file was not found locally|Could not locate file/i.test(msg)) {
        throw new NeuralModelNotFoundError(`${dir} (${msg})`, options.missingModelHint);
      }
      fallbacks.push({ device, error: msg.split('\n')[0] ?? msg });
    }
  }
  throw new DeviceUnavailableError(fallbacks);
}

/**
 * The device a load is expected to end on, from the same checks the loader makes under `auto` before asking onnxruntime
 * (CUDA's libraries installed; on Linux a Vulkan loader and a GPU for WebGPU): a download picks its weights for
 * it (downloadDtype). onnxruntime may still refuse a provider at load time; the loader then falls back and
 * chooses among the weights present for the device that runs.
 */
export function plannedDevice(choice: DeviceChoice, bindingPath?: string): ConcreteDevice {
  // A device the user names is the one the loader runs on or fails on: the weights are for it.
  if (choice !== 'auto') return choice;
  return deviceCandidates(choice).find((d) => !missingProvider(d, bindingPath, true)) ?? 'cpu';
}

/**
 * Says why a GPU provider cannot load, without asking onnxruntime (which logs a native error before it
 * throws): onnxruntime-node's CUDA provider libraries come from its postinstall download, next to the binding;
 * WebGPU needs the Vulkan loader and a GPU device node on Linux (checked only for `auto`: a device the user names
 * is always tried).
 * Undefined when the provider may be there (onnxruntime then decides, and a failure still falls back).
 */
function missingProvider(device: ConcreteDevice, bindingPath: string | undefined, automatic: boolean): string | undefined {
  if (device === 'webgpu' && automatic && process.platform === 'linux') {
    if (!findVulkanLoader()) return 'no Vulkan loader (libvulkan.so.1) was found; WebGPU runs over Vulkan: install libvulkan1 and the GPU vendor\'s Vulkan driver';
    if (!findGpuDeviceNode()) return 'no GPU device (/dev/dri/renderD*, /dev/nvidia*) is visible to this process';
  }
  if (device !== 'cuda') return undefined;
  const dir = ortBinaryDir(bindingPath);
  if (!dir) return undefined;
  const lib = process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  return existsSync(path.join(dir, lib))
    ? undefined
    : `the CUDA execution provider is not installed (${lib} is missing in ${dir}; onnxruntime-node's install fetches it, and it needs CUDA 12 and cuDNN 9)`;
}

function ortBinaryDir(bindingPath: string | undefined): string | undefined {
  const injected = bindingPath ?? (globalThis as Record<symbol, unknown>)[ORT_BINDING_SYMBOL];
  if (typeof injected === 'string') return path.dirname(injected);
  try {
    return path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}

/** transformers.js keeps its settings on one global object: set the ones that keep it offline each time. */
function configureEnv(tf: TransformersModule, cacheDir: string): void {
  tf.env.allowRemoteModels = false;
  tf.env.allowLocalModels = true;
  tf.env.cacheDir = cacheDir;
}

type Feeds = Record<string, Tensor>;

/**
 * A causal LM as an encoder: per-token surprisal and predictive entropy in bits. Each sequence is scored
 * after a start token (the model's bos, else eos — Qwen has no bos and separates documents with
 * <|endoftext|>), in chunks that reuse the KV cache, so only one chunk's logits exist at a time.
 */
export class NeuralEncoder implements Encoder {
  readonly info: EncoderInfo;
  readonly vocabSize: number;
  private readonly startToken: number;
  private readonly chunkTokens: number;
  private readonly maxContext: number;
  private disposed = false;
  private readonly reducer: LogitReducer;

  constructor(
    private readonly tf: TransformersModule,
    private readonly model: PreTrainedModel,
    config: ModelConfig,
    readonly modelDir: string,
    readonly dtype: NeuralDtype,
    readonly deviceReport: DeviceReport,
    options: NeuralEncoderOptions,
  ) {
    this.vocabSize = config.vocab_size ?? 0;
    this.reducer = new LogitReducer(options.threads);
    const eos = Array.isArray(config.eos_token_id) ? (config.eos_token_id as readonly number[])[0] : config.eos_token_id;
    this.startToken = config.bos_token_id ?? (typeof eos === 'number' ? eos : 0);
    this.chunkTokens = Math.max(1, Math.floor(options.chunkTokens ?? DEFAULT_CHUNK));
    this.maxContext = Math.max(this.chunkTokens * 2, Math.min(options.maxContextTokens ?? DEFAULT_MAX_CONTEXT, config.max_position_embeddings ?? Infinity));
    const fallback = deviceReport.fallbacks.length ? ` (${deviceReport.fallbacks.map((f) => f.device).join(', ')} unavailable)` : '';
    this.info = {
      id: options.id ?? `neural:${path.basename(modelDir)}`,
      family: options.family ?? config.model_type ?? 'unknown',
      domain: options.domain ?? 'general',
      tokenizer: options.tokenizer ?? 'qwen2.5',
      device: `${deviceReport.used}, ${dtype}${fallback}`,
      contextTokens: this.maxContext,
    };
  }

  /** Reads `calibration.json` next to the model when present (written by a calibration run, not shipped by the Hub). */
  async calibration(): Promise<EncoderCalibration | undefined> {
    try {
      return JSON.parse(await readFile(path.join(this.modelDir, 'calibration.json'), 'utf8')) as EncoderCalibration;
    } catch {
      return undefined;
    }
  }

  async score(sequences: readonly (readonly number[])[], signal?: AbortSignal): Promise<TokenScores[]> {
    const out: TokenScores[] = [];
    for (const ids of sequences) out.push(await this.scoreOne(ids, signal));
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.model.dispose();
    void this.reducer.dispose();
  }

  private async scoreOne(ids: readonly number[], signal: AbortSignal | undefined): Promise<TokenScores> {
    const n = ids.length;
    const surprisal = new Float32Array(n);
    const entropy = new Float32Array(n);
    // fed[i] is the token whose next-token distribution predicts ids[i].
    const fed = (i: number): number => (i === 0 ? this.startToken : ids[i - 1]!);
    let past: Feeds | undefined;
    let pastLen = 0;
    let pos = 0;
    try {
      while (pos < n) {
        throwIfAborted(signal);
        if (this.disposed) throw new Error('The neural encoder was disposed.');
        let count = Math.min(this.chunkTokens, n - pos);
        if (pastLen + count > this.maxContext) {
          // Window full: restart the cache, re-reading up to one chunk of the preceding tokens as context.
          disposeAll(past);
          past = undefined;
          const ctx = Math.min(this.chunkTokens, pos);
          pastLen = 0;
          if (ctx > 0) {
            const primed = await this.forward(range(pos - ctx, ctx, fed), 0, undefined);
            primed.logits.dispose();
            past = primed.past;
            pastLen = ctx;
            throwIfAborted(signal);
          }
          count = Math.min(count, this.maxContext - pastLen);
        }
        const step = await this.forward(range(pos, count, fed), pastLen, past);
        disposeAll(past);
        past = step.past;
        const logits = floatLogits(step.logits);
        if (!logits) {
          step.logits.dispose();
          throw new Error(`The model returns ${step.logits.type} logits; the neural encoder reads float32 or float16 logits.`);
        }
        let reduced;
        try {
          reduced = await this.reducer.reduce(logits, this.vocabSize, ids.slice(pos, pos + count));
        } finally {
          step.logits.dispose();
        }
        surprisal.set(reduced.surprisal, pos);
        entropy.set(reduced.entropy, pos);
        pastLen += count;
        pos += count;
      }
    } finally {
      disposeAll(past);
    }
    return { surprisal, entropy };
  }

  private async forward(inputIds: number[], pastLen: number, past: Feeds | undefined): Promise<{ logits: Tensor; past: Feeds }> {
    const { Tensor: T } = this.tf;
    const c = inputIds.length;
    const feeds: Record<string, Tensor | Feeds> = {
      input_ids: new T('int64', BigInt64Array.from(inputIds, (v) => BigInt(v)), [1, c]),
      attention_mask: new T('int64', new BigInt64Array(pastLen + c).fill(1n), [1, pastLen + c]),
      position_ids: new T('int64', BigInt64Array.from({ length: c }, (_, i) => BigInt(pastLen + i)), [1, c]),
    };
    if (past) feeds.past_key_values = past;
    const outputs = (await this.model.forward(feeds)) as Record<string, Tensor>;
    const next: Feeds = {};
    for (const [name, tensor] of Object.entries(outputs)) {
      if (name.startsWith('present')) next[name.replace(/^present/, 'past_key_values')] = tensor;
    }
    return { logits: outputs.logits!, past: next };
  }
}

/** The logits as float32: fp16 exports return float16 logits (a Uint16Array of halves where Node has no Float16Array). */
function floatLogits(logits: Tensor): Float32Array | undefined {
  const data: unknown = logits.data;
  if (data instanceof Float32Array) return data;
  if (logits.type === 'float16' && data instanceof Uint16Array) return halfToFloat(data);
  return undefined;
}

function range(start: number, count: number, at: (i: number) => number): number[] {
  return Array.from({ length: count }, (_, k) => at(start + k));
}

function disposeAll(feeds: Feeds | undefined): void {
  if (feeds) for (const t of Object.values(feeds)) t.dispose();
}
