import type * as Transformers from '@huggingface/transformers';
import { NeuralRuntimeUnavailableError } from './errors';

export type TransformersModule = typeof Transformers;

/**
 * Global the packaged bundles read to find onnxruntime-node's native binding (see
 * scripts/esbuild-onnxruntime.js): the .vsix ships only the current platform's binaries, outside
 * node_modules, so the binding's own relative require cannot find them.
 */
export const ORT_BINDING_SYMBOL = Symbol.for('code-context-compressor.onnxruntimeBinding');

let pending: Promise<TransformersModule> | undefined;

/**
 * Loads transformers.js (and with it onnxruntime-node's native library) on first use only: never at
 * activation, and never for users who stay on the built-in encoder. `bindingPath` overrides where the
 * native binding (onnxruntime_binding.node, next to libonnxruntime) is loaded from; it must be set before
 * the first load.
 */
export function loadTransformers(bindingPath?: string): Promise<TransformersModule> {
  if (bindingPath) (globalThis as Record<symbol, unknown>)[ORT_BINDING_SYMBOL] = bindingPath;
  pending ??= import('@huggingface/transformers').catch((err: unknown) => {
    pending = undefined; // let a later call retry (e.g. after the user reinstalls)
    throw new NeuralRuntimeUnavailableError(err);
  });
  return pending;
}
