import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './helpers/assets';

const root = repoRoot();

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly scripts?: Record<string, string>;
}

/**
 * onnxruntime-node's postinstall downloads the CUDA provider from NuGet on linux-x64 and exits non-zero when
 * that fails (offline, behind a proxy), which fails the whole install of whatever depends on it — `npm i -g` of
 * the CLI included (verified with npm 11.19: a package with it in `dependencies` installs with rc 1, in
 * `optionalDependencies` with rc 0, the runtime dropped). The bundles carry the runtime's JavaScript and this
 * platform's binary, so the runtime packages are optional.
 */
describe('installation survives a failed GPU download', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

  it('keeps onnxruntime-node and transformers.js out of the required dependencies', () => {
    for (const name of ['onnxruntime-node', '@huggingface/transformers']) {
      assert.equal(pkg.dependencies?.[name], undefined, `${name} must not be a required dependency`);
      assert.ok(pkg.optionalDependencies?.[name], `${name} is an optional dependency`);
    }
    for (const [name, script] of Object.entries(pkg.scripts ?? {})) {
      assert.ok(!['preinstall', 'install', 'postinstall'].includes(name), `no install script of ours (${name}: ${script}) may fail an install`);
    }
  });

  it('skips the CUDA download in a checkout, so `npm ci` keeps the CPU runtime offline', () => {
    const npmrc = fs.readFileSync(path.join(root, '.npmrc'), 'utf8');
    // onnxruntime-node's script/install-utils.js reads npm_config_onnxruntime_node_install (set from this line).
    assert.match(npmrc, /^onnxruntime-node-install=skip$/m);
  });
});
