/**
 * Stands in for `sharp` in our bundles (esbuild alias): transformers.js requires it at load time for image
 * models, but the encoder never touches images, and sharp's native binary cannot be bundled.
 */
export function sharp(): never {
  throw new Error('Image processing (sharp) is not included in Code Context Compressor.');
}
