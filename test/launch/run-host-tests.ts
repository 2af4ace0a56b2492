// Runs the mocha suite in test/host INSIDE a real VS Code extension host (code-server), offline.
// code-server has no --extensionTestsPath flag, but its web workbench honours the `payload` URL parameter
// (how VS Code runs its own browser integration tests): the test runner's output comes back through
// window.codeAutomationLog and its exit code through window.codeAutomationExit.
// Usage (after `node esbuild.js --tests`): node out/test/launch/run-host-tests.js
// Env: CCC_HOST_TEST_TIMEOUT_S (default 600: the whole suite, on a shared 2-core machine), CCC_DEBUG=1 (code-server and browser console output),
//      CCC_EXTENSION_PATH (load another extension folder; for debugging this harness), CCC_KEEP_TMP=1,
//      CCC_HOST_WORKSPACE and CCC_HOST_ENTRY (another folder to open and another `run()` module to load in its
//      place: bench/vscode-index.sh runs a benchmark in the host this way).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, repoRoot, startCodeServer, withTimeout, type CodeServer } from './code-server';

const timeoutS = Number(process.env.CCC_HOST_TEST_TIMEOUT_S ?? 600);
const verbose = process.env.CCC_DEBUG === '1';

async function main(): Promise<number> {
  const root = repoRoot();
  const extensionPath = process.env.CCC_EXTENSION_PATH ? path.resolve(process.env.CCC_EXTENSION_PATH) : root;
  const testsIndex = path.resolve(root, process.env.CCC_HOST_ENTRY ?? 'out/test/host/index.js');
  for (const f of [testsIndex, path.join(extensionPath, 'dist/extension.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing; build first with \`node esbuild.js --tests\``);
  }
  const t0 = Date.now();
  const cs: CodeServer = await startCodeServer({ workspace: path.resolve(root, process.env.CCC_HOST_WORKSPACE ?? 'test/fixtures/workspace') });
  const { page, close } = await launchChromium(cs);
  try {
    return await runSuite(cs, page, extensionPath, testsIndex, t0);
  } finally {
    await close();
    cs.stop();
  }
}

async function runSuite(cs: CodeServer, page: Page, extensionPath: string, testsIndex: string, t0: number): Promise<number> {
  const browserLog: string[] = [];
  page.on('console', (m) => {
    const line = `[browser ${m.type()}] ${m.text()}`;
    browserLog.push(line);
    if (browserLog.length > 40) browserLog.shift();
    if (verbose) console.log(line);
  });
  page.on('pageerror', (e) => browserLog.push(`[browser pageerror] ${e.message}`));

  let resolveExit: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => { resolveExit = resolve; });
  await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
  // The workbench's own start-up chatter arrives through the same channel as the tests' output.
  const workbenchNoise = /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin extensions cache|\[Service Worker\]|ChatSessionStore:|Ignoring fetching additional builtin extensions|Creation of workbench contribution)/;
  let sawOutput = false;
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    sawOutput = true;
    // The extension host sends console.* arguments as-is; mocha's reporter uses printf-style '%s' formats.
    const text = format(...(Array.isArray(args) ? args : [args]));
    if (!verbose && workbenchNoise.test(text)) return;
    (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  await page.goto(cs.workbenchUrl([
    ['extensionDevelopmentPath', cs.remoteUri(extensionPath)],
    ['extensionTestsPath', cs.remoteUri(testsIndex)],
    ['skipWelcome', 'true'],
  ]));
  console.log(`Workbench opened in Chromium; running the host suite (timeout ${timeoutS} s)`);
  const code = await withTimeout(exitCode, timeoutS * 1000, () =>
    `Host tests timed out after ${timeoutS} s without an exit code from the extension host` +
    `${sawOutput ? '' : ' (and no test output at all: did the extension host start? try CCC_DEBUG=1)'}.\n` +
    `Last browser console lines:\n${browserLog.join('\n')}\nLast code-server lines:\n${cs.logTail()}`);
  console.log(`Host tests finished with exit code ${code} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`run-host-tests: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
