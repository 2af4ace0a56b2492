import { UnsupportedArchitectureError } from './errors';

/** The fields of a Hugging Face config.json the neural encoder reads. */
export interface ModelConfig {
  readonly model_type?: string;
  readonly architectures?: readonly string[];
  readonly vocab_size?: number;
  readonly max_position_embeddings?: number;
  readonly bos_token_id?: number | null;
  readonly eos_token_id?: number | readonly number[] | null;
  /** transformers.js's own section: which ONNX files keep their weights in external data files, per device too. */
  readonly 'transformers.js_config'?: TransformersJsConfig;
}

/** `true` = one file `<name>_data`, a number = that many (`<name>_data`, `<name>_data_1`, …), per file or for all. */
export type ExternalDataSetting = boolean | number | Readonly<Record<string, boolean | number>>;

interface TransformersJsConfig {
  readonly use_external_data_format?: ExternalDataSetting;
  readonly device_config?: Readonly<Record<string, { readonly use_external_data_format?: ExternalDataSetting }>>;
}

/**
 * Parses config.json and checks the model is something the encoder can score (a causal LM with a
 * vocabulary size) — the check runs on the downloaded config before any weights are fetched, and again
 * before a model folder is loaded.
 */
export function parseModelConfig(text: string, dir: string): ModelConfig {
  let config: ModelConfig;
  try {
    config = JSON.parse(text) as ModelConfig;
  } catch (err) {
    throw new UnsupportedArchitectureError(dir, 'unknown', `config.json is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const arch = config.architectures?.[0] ?? config.model_type ?? 'unknown';
  if (!config.model_type || !(config.architectures ?? []).some((a) => /ForCausalLM$|LMHeadModel$/.test(a))) {
    throw new UnsupportedArchitectureError(dir, arch);
  }
  if (!config.vocab_size) throw new UnsupportedArchitectureError(dir, arch, 'config.json has no vocab_size');
  return config;
}

/**
 * The external data files config.json declares for one ONNX file (e.g. `onnx/model.onnx` →
 * `onnx/model.onnx_data`), following transformers.js's reading of `use_external_data_format`: a per-device
 * setting overrides the general one, a per-file map is keyed by the file name or its stem.
 */
export function declaredExternalData(config: ModelConfig, onnxFile: string, device?: string): string[] {
  const section = config['transformers.js_config'];
  const setting = (device ? section?.device_config?.[device]?.use_external_data_format : undefined) ?? section?.use_external_data_format;
  const name = onnxFile.split('/').pop() ?? onnxFile;
  const stem = name.replace(/(_fp16|_quantized|_q4|_q4f16|_int8|_uint8|_bnb4)?\.onnx$/, '');
  let chunks = 0;
  if (typeof setting === 'object' && setting !== null) chunks = Number(setting[name] ?? setting[stem] ?? 0);
  else if (setting !== undefined) chunks = Number(setting);
  const dir = onnxFile.slice(0, onnxFile.length - name.length);
  return Array.from({ length: Math.max(0, Math.floor(chunks)) }, (_, i) => `${dir}${name}_data${i === 0 ? '' : `_${i}`}`);
}
