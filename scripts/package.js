// Packages the extension for the platform this runs on: the .vsix carries that platform's onnxruntime
// binaries only (see scripts/esbuild-onnxruntime.js), so it is a platform-specific package.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const target = `${process.platform}-${process.arch}`; // vsce's names: linux-x64, darwin-arm64, win32-x64, …
const out = path.join(root, 'dist-vsix', `code-context-compressor-${target}.vsix`);
fs.mkdirSync(path.dirname(out), { recursive: true });
execFileSync(process.execPath, [path.join(root, 'esbuild.js'), '--production'], { stdio: 'inherit', cwd: root });
execFileSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--target', target, '--out', out], { stdio: 'inherit', cwd: root });
