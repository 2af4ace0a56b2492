import * as path from 'node:path';
import * as vscode from 'vscode';
import { Compressor } from '../engine';
import type { CompressResult } from '../engine';
import { Config } from './config';
import { DiagnosticsView } from './diagnosticsView';
import { engineLogger } from './log';
import type { FromWebview } from './protocol';
import { ResultDocuments } from './resultDocument';
import { StatusBar } from './statusBar';

/** The extension's one context object: owns every long-lived thing and disposes them together. */
export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: StatusBar;
  readonly view: DiagnosticsView;
  readonly results = new ResultDocuments();
  lastResult: CompressResult | undefined;
  private compressorInstance: Compressor | undefined;

  constructor(readonly extension: vscode.ExtensionContext, showPanelCommand: string, onViewMessage: (m: FromWebview) => void) {
    this.log = vscode.window.createOutputChannel('Code Context Compressor', { log: true });
    this.statusBar = new StatusBar(showPanelCommand);
    this.view = new DiagnosticsView(extension.extensionUri, onViewMessage);
    extension.subscriptions.push(
      this.log,
      this.statusBar,
      this.view,
      this.results,
      vscode.window.registerWebviewViewProvider('codeContextCompressor.diagnostics', this.view, { webviewOptions: { retainContextWhenHidden: false } }),
      vscode.workspace.registerTextDocumentContentProvider('ccc-context', this.results),
    );
  }

  /** Created on first use, so activation loads no grammar and no tokenizer. */
  get compressor(): Compressor {
    const assets = path.join(this.extension.extensionPath, 'dist', 'assets');
    this.compressorInstance ??= new Compressor({ wasmDir: path.join(assets, 'wasm'), tokenizersDir: path.join(assets, 'tokenizers') }, engineLogger(this.log));
    return this.compressorInstance;
  }

  dispose(): void {
    // Everything is in extension.subscriptions; nothing else to release.
  }
}
