/** Devices the neural encoder can be asked for; `auto` picks the platform's GPU provider, then the CPU. */
export type DeviceChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu' | 'dml' | 'coreml';
export type ConcreteDevice = Exclude<DeviceChoice, 'auto'>;

/**
 * Devices to try, in order. onnxruntime throws when a provider cannot be loaded instead of falling back,
 * so `auto` lists the GPU providers onnxruntime-node has for the platform and then the CPU, and the loader
 * tries each in turn. A device the user names is tried alone.
 * - linux-x64: CUDA (present only when onnxruntime-node's install fetched it), then WebGPU, which is built
 *   into onnxruntime-node and runs over Vulkan — on an H200 a compression with a Qwen2.5-Coder-0.5B-shaped
 *   model took half the time it took on 16 CPU cores (README, Measurements). linux-arm64 ships the CPU only.
 * - Windows: DirectML, which onnxruntime-node bundles (DirectML.dll) and which takes dynamic shapes.
 * - macOS (Apple silicon): the CPU only. The CoreML provider compiles fixed-shape partitions, and a causal
 *   LM's sequence and cache lengths change on every call, so it splits the graph into many partitions with
 *   copies between them (onnxruntime #17654) and has run slower than the CPU; WebGPU over Metal has not been
 *   measured here. Both stay available by name; the GPU route on a Mac is a GGUF model on llama.cpp's Metal
 *   backend (`--gguf`).
 */
export function deviceCandidates(choice: DeviceChoice, platform: NodeJS.Platform = process.platform, arch: string = process.arch): ConcreteDevice[] {
  if (choice !== 'auto') return [choice];
  switch (platform) {
    case 'linux':
      return arch === 'x64' ? ['cuda', 'webgpu', 'cpu'] : ['cpu'];
    case 'win32':
      return ['dml', 'cpu'];
    default:
      return ['cpu'];
  }
}

/** Platforms onnxruntime-node 1.30 ships a binary for (bin/napi-v6/<platform>/<arch>). */
const ORT_PLATFORMS: ReadonlySet<string> = new Set(['linux-x64', 'linux-arm64', 'win32-x64', 'win32-arm64', 'darwin-arm64']);

/**
 * Why onnxruntime-node cannot run on this platform, or undefined when it can. Intel Macs lost their binary in
 * onnxruntime 1.24; loading the module there fails deep inside a native require, so the loader asks this first
 * and says what works instead.
 */
export function onnxRuntimeUnsupported(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string | undefined {
  const target = `${platform}-${arch}`;
  if (ORT_PLATFORMS.has(target)) return undefined;
  const why = target === 'darwin-x64' ? 'onnxruntime-node has had no Intel Mac (darwin-x64) binary since 1.24' : `onnxruntime-node has no binary for ${target}`;
  return (
    `${why}, so ONNX encoders cannot run here. Use the built-in encoder (encoder "auto" or "builtin-code-ngram"), ` +
    'a GGUF model scored by llama.cpp (--gguf <file or Ollama name>, or the codeContextCompressor.gguf setting), ' +
    'or a vLLM/SGLang server (--scorer-endpoint, or the codeContextCompressor.scorer.endpoint setting)'
  );
}
