import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Where Debian/Ubuntu, Fedora/Arch and local installs put shared libraries (after LD_LIBRARY_PATH). */
const LIBRARY_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib64', '/usr/lib64', '/usr/lib', '/lib', '/usr/local/lib'];

/**
 * The Vulkan loader's path, or undefined. onnxruntime's WebGPU provider runs on Dawn, which on Linux talks
 * to the GPU through Vulkan (libvulkan.so.1 plus the vendor's driver). Without the loader the provider can
 * only fail, after Dawn has written its own warnings to stderr, so `auto` skips WebGPU when this says no.
 */
export function findVulkanLoader(env: NodeJS.ProcessEnv = process.env, dirs: readonly string[] = LIBRARY_DIRS): string | undefined {
  const fromEnv = (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  for (const dir of [...fromEnv, ...dirs]) {
    const lib = path.join(dir, 'libvulkan.so.1');
    if (existsSync(lib)) return lib;
  }
  return undefined;
}
