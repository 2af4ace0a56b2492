/** Errors of the neural encoder path, each saying what went wrong and how to fix it. */

export class NeuralModelNotFoundError extends Error {
  constructor(readonly file: string, hint?: string) {
    super(
      `Neural encoder model not found at ${file} — ${hint ?? 'download it first (in VS Code the "Download encoder model" command; from a terminal `code-compress --download-encoder <id>`), or point the encoder at a folder that holds config.json and onnx/model*.onnx'}.`,
    );
    this.name = 'NeuralModelNotFoundError';
  }
}

export class UnsupportedArchitectureError extends Error {
  constructor(readonly dir: string, readonly architecture: string, detail?: string) {
    super(
      `The model in ${dir} has architecture "${architecture}", which the neural encoder cannot score: it needs a causal language model ` +
        `(…ForCausalLM, e.g. Qwen2ForCausalLM) that transformers.js supports${detail ? ` (${detail})` : ''}.`,
    );
    this.name = 'UnsupportedArchitectureError';
  }
}

export class NeuralRuntimeUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `The neural runtime (transformers.js on onnxruntime-node) could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'The built-in encoder still works. To restore the neural path reinstall the extension, or run `npm ci` in a checkout; ' +
        'for the npm-installed CLI, `ONNXRUNTIME_NODE_INSTALL=skip npm i -g code-context-compressor` (onnxruntime-node is an optional ' +
        'dependency, and npm drops it when its install script fails to download the CUDA provider, e.g. offline or behind a proxy).',
    );
    this.name = 'NeuralRuntimeUnavailableError';
  }
}

export interface DeviceAttempt {
  readonly device: string;
  readonly error: string;
}

export class DeviceUnavailableError extends Error {
  constructor(readonly attempts: readonly DeviceAttempt[]) {
    super(
      `No device could run the neural encoder: ${attempts.map((a) => `${a.device}: ${a.error}`).join('; ')}. ` +
        'Set the device to "auto" or "cpu" (CUDA needs the onnxruntime CUDA provider, CUDA 12 and cuDNN 9).',
    );
    this.name = 'DeviceUnavailableError';
  }
}

export class ModelDownloadError extends Error {
  constructor(readonly url: string, detail: string) {
    super(`Could not download ${url}: ${detail}. Check the network or proxy, or download the files by hand into the model cache folder.`);
    this.name = 'ModelDownloadError';
  }
}

export class NeuralRuntimeUnsupportedError extends Error {
  constructor(readonly reason: string) {
    super(`${reason}.`);
    this.name = 'NeuralRuntimeUnsupportedError';
  }
}
