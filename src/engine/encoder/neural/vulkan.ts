import { existsSync, readdirSync } from 'node:fs';
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

/**
 * A GPU's device node, or undefined: `/dev/dri/renderD*` (Mesa and AMD/Intel drivers) or `/dev/nvidia<N>`.
 * Without one, a Vulkan loader can only reach a software driver (lavapipe, installed with Mesa on many
 * desktops), which Dawn rejects or would run on the CPU slower than onnxruntime's own CPU provider; `auto`
 * then skips WebGPU rather than trying it and letting Dawn print its warnings.
 */
export function findGpuDeviceNode(devDir = '/dev'): string | undefined {
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  const render = list(path.join(devDir, 'dri')).find((f) => /^renderD\d+$/.test(f));
  if (render) return path.join(devDir, 'dri', render);
  const nvidia = list(devDir).find((f) => /^nvidia\d+$/.test(f));
  return nvidia ? path.join(devDir, nvidia) : undefined;
}
