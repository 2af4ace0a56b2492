import * as path from 'node:path';
import * as vscode from 'vscode';
import { Compressor, languageOfEditorId } from '../engine';
import type { CompressResult, Unit } from '../engine';
import { segmentFile } from '../engine/segment/segmenter';
import { TreeSitterRuntime } from '../engine/segment/treeSitter';
import type { ScopeKind } from './compressArgs';
import { Config } from './config';
import { EncoderSettings, encoderLocations } from './encoderSettings';
import { DiagnosticsView } from './diagnosticsView';
import { engineLogger } from './log';
import type { FromWebview } from './protocol';
import type { RunRequest } from './resolveRequest';
import { ResultDocuments } from './resultDocument';
import { StatusBar } from './statusBar';
import type { UnitSource } from './symbols';

/** The extension's one context object: owns every long-lived thing and disposes them together. */
export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly encoderSettings = new EncoderSettings();
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: StatusBar;
  readonly view: DiagnosticsView;
  readonly results = new ResultDocuments();
  lastResult: CompressResult | undefined;
  /** What the last run compressed, in words, and its query (the log and the tests read it). */
  lastScope: { kind: ScopeKind; description: string; query: string | undefined } | undefined;
  /** The last request run, for "Re-run". */
  lastRequest: RunRequest | undefined;
  /** The run in progress; a new run cancels it. */
  currentRun: vscode.CancellationTokenSource | undefined;
  private compressorInstance: Compressor | undefined;
  private treeSitterInstance: TreeSitterRuntime | undefined;

  constructor(readonly extension: vscode.ExtensionContext, showPanelCommand: string, onViewMessage: (m: FromWebview) => void) {
    this.log = vscode.window.createOutputChannel('Code Context Compressor', { log: true });
    this.statusBar = new StatusBar(showPanelCommand);
    this.view = new DiagnosticsView(extension.extensionUri, onViewMessage);
    extension.subscriptions.push(
      this,
      this.log,
      this.statusBar,
      this.view,
      this.results,
      vscode.window.registerWebviewViewProvider('codeContextCompressor.diagnostics', this.view, { webviewOptions: { retainContextWhenHidden: false } }),
      vscode.workspace.registerTextDocumentContentProvider('ccc-context', this.results),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // Settings are re-read on every run; only what is on screen needs refreshing now.
        if (!Config.affects(e)) return;
        this.log.info(`Settings changed: the next run uses budget ${this.config.budget}, decoder ${this.config.decoder}.`);
        this.statusBar.settingsChanged(this.config.budget, this.config.decoder);
      }),
    );
  }

  private get assetsDir(): string {
    return path.join(this.extension.extensionPath, 'dist', 'assets');
  }

  /** Created on first use, so activation loads no grammar and no tokenizer. */
  get compressor(): Compressor {
    this.compressorInstance ??= new Compressor(
      {
        wasmDir: path.join(this.assetsDir, 'wasm'),
        tokenizersDir: path.join(this.assetsDir, 'tokenizers'),
        encoders: encoderLocations(this.extension, this.encoderSettings),
        // The analysis index persists in this workspace's storage (read file by file, when a run needs it); with
        // no folder open it lives in memory.
        index: {
          ...(this.extension.storageUri ? { dir: path.join(this.extension.storageUri.fsPath, 'index') } : {}),
          hostVersion: String((this.extension.extension.packageJSON as { version?: unknown }).version ?? 'unknown'),
        },
      },
      engineLogger(this.log),
    );
    return this.compressorInstance;
  }

  /**
   * Tree-sitter units for the symbol picker when a language has no symbol provider. A runtime of its own:
   * the Compressor keeps its runtime private (web-tree-sitter shares one wasm module between both).
   */
  readonly unitSource: UnitSource = async (text, languageId, filePath): Promise<readonly Unit[] | undefined> => {
    const language = languageOfEditorId(languageId, filePath);
    if (language === 'text') return undefined;
    this.treeSitterInstance ??= new TreeSitterRuntime(path.join(this.assetsDir, 'wasm'));
    return (await segmentFile(text, language, this.treeSitterInstance)).units;
  };

  dispose(): void {
    this.currentRun?.cancel();
  }
}
