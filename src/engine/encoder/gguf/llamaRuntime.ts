import type * as NodeLlamaCpp from 'node-llama-cpp';

/** The node-llama-cpp module, loaded on first use: it is an optional dependency with native binaries. */
export type NodeLlamaCppModule = typeof NodeLlamaCpp;

export class GgufRuntimeUnavailableError extends Error {
  constructor(detail: string) {
    super(
      `GGUF models need node-llama-cpp, which is not installed or cannot load here (${detail}). ` +
        'It is an optional dependency: install it with `npm install node-llama-cpp@3.22.1` next to the CLI (or the extension), ' +
        'or use an ONNX model (--encoder) or the built-in encoder.',
    );
    this.name = 'GgufRuntimeUnavailableError';
  }
}

let pending: Promise<NodeLlamaCppModule> | undefined;

/**
 * Imports node-llama-cpp once. It is ESM-only, so it is imported (not required) and kept out of the bundle;
 * a missing or broken install becomes one clear error instead of a failed `npm install`.
 */
export function loadNodeLlamaCpp(): Promise<NodeLlamaCppModule> {
  pending ??= import('node-llama-cpp').catch((err: unknown) => {
    pending = undefined;
    throw new GgufRuntimeUnavailableError(err instanceof Error ? err.message.split('\n')[0]! : String(err));
  });
  return pending;
}
