// Runs the same host suite (test/host) in desktop VS Code through @vscode/test-electron. It downloads VS Code
// from update.code.visualstudio.com, so it needs internet (contributors, public CI); on Linux without a display
// run it under xvfb-run. Offline machines use run-host-tests (code-server) instead: same suite files.
// Usage (after `node esbuild.js --tests`): node out/test/launch/run-electron-tests.js
// Env: CCC_VSCODE_VERSION (default: 1.100.3, the version code-server 4.100.3 embeds; or 'stable', 'insiders').
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { quietSettings, repoRoot } from './code-server';

async function main(): Promise<number> {
  const root = repoRoot();
  const extensionTestsPath = path.join(root, 'out/test/host/index.js');
  for (const f of [extensionTestsPath, path.join(root, 'dist/extension.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing; build first with \`node esbuild.js --tests\``);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ccc-electron-'));
  try {
    const userData = path.join(tmp, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(quietSettings, null, 2));
    const workspace = path.join(tmp, 'workspace');
    fs.cpSync(path.join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
    return await runTests({
      version: process.env.CCC_VSCODE_VERSION ?? '1.100.3',
      cachePath: path.join(root, '.cache/vscode-test'),
      extensionDevelopmentPath: root,
      extensionTestsPath,
      launchArgs: [workspace, '--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions'),
        '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-gpu'],
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const msg = err instanceof Error ? err.message : String(err);
    const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(msg);
    console.error(`run-electron-tests: ${msg}${offline ? '\n  Desktop VS Code must be downloaded (needs internet). Offline, run the same suite in code-server: node out/test/launch/run-host-tests.js' : ''}`);
    process.exit(1);
  },
);
