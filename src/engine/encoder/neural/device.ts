/** Devices the neural encoder can be asked for; `auto` picks the platform's GPU provider, then the CPU. */
export type DeviceChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu' | 'dml' | 'coreml';
export type ConcreteDevice = Exclude<DeviceChoice, 'auto'>;

/**
 * Devices to try, in order. onnxruntime throws when a provider cannot be loaded instead of falling back,
 * so `auto` lists the GPU provider onnxruntime-node ships for the platform (CUDA on linux-x64 —
 * DirectML on Windows, CoreML on macOS) and then the CPU, and the loader tries each in turn.
 */
export function deviceCandidates(choice: DeviceChoice, platform: NodeJS.Platform = process.platform, arch: string = process.arch): ConcreteDevice[] {
  if (choice !== 'auto') return [choice];
  switch (platform) {
    case 'linux':
      return arch === 'x64' ? ['cuda', 'cpu'] : ['cpu'];
    case 'win32':
      return ['dml', 'cpu'];
    case 'darwin':
      return ['coreml', 'cpu'];
    default:
      return ['cpu'];
  }
}
