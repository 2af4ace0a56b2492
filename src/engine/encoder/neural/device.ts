/** Devices the neural encoder can be asked for; `auto` picks the platform's GPU provider, then the CPU. */
export type DeviceChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu' | 'dml' | 'coreml';
export type ConcreteDevice = Exclude<DeviceChoice, 'auto'>;

/**
 * Devices to try, in order. onnxruntime throws when a provider cannot be loaded instead of falling back,
 * so `auto` lists the GPU providers onnxruntime-node has for the platform and then the CPU, and the loader
 * tries each in turn. linux-x64: CUDA (present only when onnxruntime-node's install fetched it), then
 * WebGPU, which is built into onnxruntime-node and runs over Vulkan — on an H200 a compression with a Qwen2.5-
 * Coder-0.5B-shaped q8 model took half the time it took on 16 CPU cores (README, Measurements). Windows:
 * DirectML; macOS: CoreML.
 */
export function deviceCandidates(choice: DeviceChoice, platform: NodeJS.Platform = process.platform, arch: string = process.arch): ConcreteDevice[] {
  if (choice !== 'auto') return [choice];
  switch (platform) {
    case 'linux':
      return arch === 'x64' ? ['cuda', 'webgpu', 'cpu'] : ['cpu'];
    case 'win32':
      return ['dml', 'cpu'];
    case 'darwin':
      return ['coreml', 'cpu'];
    default:
      return ['cpu'];
  }
}
