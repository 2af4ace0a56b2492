import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './helpers/assets';

/**
 * What `npm run package` would put in the .vsix (vsce reads .vscodeignore), against what the build writes: every
 * bundle at the top of dist/ is loaded at run time — the extension, the CLI, the analysis workers — so each must
 * ship. (The analysis worker was once left out: the installed extension's first build then ran in place.)
 */
test('the .vsix carries every bundle the build writes and the assets they load', () => {
  const root = repoRoot();
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const listed = new Set(execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean));
  const bundles = readdirSync(path.join(root, 'dist')).filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`);
  assert.ok(bundles.includes('dist/extension.js') && bundles.includes('dist/analysisWorker.js'), `the build's bundles: ${bundles.join(', ')}`);
  for (const bundle of bundles) assert.ok(listed.has(bundle), `${bundle} is built but not packaged (.vscodeignore)`);
  for (const asset of ['dist/assets/wasm/web-tree-sitter.wasm', 'dist/assets/models/builtin/model.bin', 'dist/assets/tokenizers/qwen2.5/bpe-meta.json', 'dist/webview/main.js']) {
    assert.ok(listed.has(asset), `${asset} is not packaged`);
  }
  // Nothing that only builds or tests the project.
  for (const file of listed) assert.doesNotMatch(file, /^(?:src|test|out|bench|scripts|node_modules)\/|\.map$/, `${file} should not ship`);
});
