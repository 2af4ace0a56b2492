// Entry point VS Code loads as `extensionTestsPath`: runs every bundled suite file with mocha inside the
// extension host. The same file serves both launchers (code-server via run-host-tests, desktop VS Code via
// run-electron-tests). A rejected promise is what makes the launcher exit non-zero.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha = require('mocha');

export async function run(): Promise<void> {
  // Colours would arrive as raw escape codes through the launchers' log forwarding.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 120_000, slow: 10_000 });
  // CCC_HOST_GREP=<text> runs only the tests whose full title contains it (while iterating; the extension
  // host inherits code-server's environment, so the launcher's env reaches it).
  if (process.env.CCC_HOST_GREP) mocha.grep(process.env.CCC_HOST_GREP);
  const suiteDir = path.join(__dirname, 'suite');
  const files = fs.readdirSync(suiteDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (files.length === 0) throw new Error(`No *.test.js files under ${suiteDir}; build with \`node esbuild.js --tests\``);
  for (const f of files) mocha.addFile(path.join(suiteDir, f));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} host test(s) failed`);
}
