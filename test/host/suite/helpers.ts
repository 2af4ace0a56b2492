// Shared by the host suite files: the extension's test API, the fixture workspace, and polling.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'ccc-dev.code-context-compressor';

// The shapes activate() returns (the contract with src/extension.ts), kept structural so the suite does not
// import the extension's code (it runs against the installed bundle).
export interface SlotLike {
  path: string;
  uri?: string;
  name?: string;
  startLine: number;
  endLine: number;
  level: string;
  pinned: boolean;
  tokens: number;
  originalTokens: number;
}
export interface ResultLike {
  text: string;
  slots: SlotLike[];
  stats: { originalTokens: number; compressedTokens: number; ratio: number; budget: number; files: number; encoder?: { id: string; device: string; match: string } };
  warnings: Array<{ code: string; message: string }>;
}
export interface ViewStateLike {
  type: string;
  summary?: { encoder: string; device: string; match: string; scope: string; decoder: string; ratioText: string };
  slots?: Array<{ index: number; path: string; startLine: number; endLine: number; entropy: number | null; entropyPercentile: number | null; dense: boolean }>;
}
export interface TestApi {
  lastResult(): ResultLike | undefined;
  lastScope(): { kind: string; description: string; query: string | undefined } | undefined;
  statusText(): string;
  statusTooltip(): string;
  statusWarning(): boolean;
  statusAccessibilityLabel(): string;
  highlightedSlot(): { uri: string; startLine: number; endLine: number } | undefined;
  postFromWebview(message: unknown): boolean;
  viewState(): ViewStateLike;
  compress(args?: unknown, token?: vscode.CancellationToken): Promise<ResultLike | undefined>;
  activationMs(): number;
}

export async function activateApi(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this host`);
  const api = await ext.activate();
  assert.equal(typeof api?.compress, 'function', 'activate() must return the test API');
  return api;
}

/** Polls `probe` until it returns a value (not undefined), or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function workspaceUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open: the launcher must open test/fixtures/workspace');
  return vscode.Uri.joinPath(folder.uri, rel);
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(workspaceUri(rel), { preview: false });
}

/** A declaration's text as it is in the file: from `start` to the first line that is exactly `closing`. */
export function declaration(source: string, start: string, closing: string): string {
  const from = source.indexOf(start);
  assert.ok(from >= 0, `fixture lost ${JSON.stringify(start)}`);
  const lineStart = source.lastIndexOf('\n', from) + 1;
  const end = source.indexOf(`\n${closing}\n`, from);
  assert.ok(end >= 0, `no ${JSON.stringify(closing)} after ${JSON.stringify(start)}`);
  return source.slice(lineStart, end + closing.length + 2);
}

export async function fixtureText(rel: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(rel)));
}

export async function settings(values: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('codeContextCompressor');
  for (const [k, v] of Object.entries(values)) await config.update(k, v, vscode.ConfigurationTarget.Global);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
