import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Compressor, languageOfEditorId } from '../engine';
import type { CompressResult, Unit } from '../engine';
import { AnswerDocuments, ANSWER_SCHEME } from './answerDocument';
import { BackgroundIndexer } from './backgroundIndexer';
import type { ScopeKind } from './compressArgs';
import { Config } from './config';
import { DensityDiagnostics } from './densityDiagnostics';
import { encoderLocations } from './encoderSettings';
import { DiagnosticsView } from './diagnosticsView';
import { isCodeDocument } from './gatherEditors';
import { engineLogger } from './log';
import type { FromWebview } from '../protocol/diagnosticsView';
import { ResultEditor, RESULT_SCHEME } from './resultDocument';
import { isRunRequest, type RunRequest } from './runRequest';
import { StatusBar } from './statusBar';
import type { UnitSource } from './symbols';

export interface ScopeFacts {
  readonly kind: ScopeKind;
  readonly description: string;
  readonly query: string | undefined;
}

const LAST_REQUEST_KEY = 'codeContextCompressor.lastRequest';
const LAST_RESULT_KEY = 'codeContextCompressor.lastResult';
/** Results larger than this (as JSON) are not kept across reloads: the workspace state is not a file store. */
const MAX_STORED_RESULT_CHARS = 1_000_000;
/** Set while there is a result: the palette shows Copy and Re-run only then. */
const HAS_RESULT_CONTEXT = 'codeContextCompressor.hasResult';

interface StoredResult {
  readonly result: CompressResult;
  readonly scope: ScopeFacts | undefined;
}

/** Characters each slot's JSON takes at the least besides its path and text (its field names alone). */
const SLOT_JSON_CHARS = 90;

/**
 * Whether a result could fit the stored-result limit, told from a lower bound of its JSON's length: a large
 * folder's result has a slot per unit (44k at 17 MB), and writing all of it out only to find it too large was
 * ~0.3 s of each such compression.
 */
function mayFit(stored: StoredResult): boolean {
  let chars = stored.result.text.length;
  for (const slot of stored.result.slots) {
    chars += slot.text.length + slot.path.length + SLOT_JSON_CHARS;
    if (chars > MAX_STORED_RESULT_CHARS) return false;
  }
  return true;
}

/**
 * The extension's one context object: owns every long-lived thing (log, status bar, panel, result and answer
 * documents, density diagnostics, the compressor and its one parser runtime, the last request and result) and
 * disposes them together. What a settings change requires is decided here, from settingEffects.ts.
 */
export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: StatusBar;
  readonly view: DiagnosticsView;
  readonly results: ResultEditor;
  readonly answers = new AnswerDocuments();
  readonly density: DensityDiagnostics;
  /** Keeps the analysis index up to date between compressions (nothing runs until after activation). */
  readonly indexer: BackgroundIndexer;
  lastResult: CompressResult | undefined;
  /** What the last run compressed, in words, and its query (the log and the tests read it). */
  lastScope: ScopeFacts | undefined;
  /** The last request run, for "Re-run" (kept across reloads). */
  lastRequest: RunRequest | undefined;
  /** The run in progress; a new run cancels it. */
  currentRun: vscode.CancellationTokenSource | undefined;
  private compressorInstance: Compressor | undefined;
  /** The last editor that showed code (not the result or an answer): what "current file" means when the result is active. */
  private lastCodeEditor: vscode.TextEditor | undefined;

  constructor(readonly extension: vscode.ExtensionContext, showPanelCommand: string, onViewMessage: (m: FromWebview) => void) {
    const stored = extension.workspaceState.get<StoredResult>(LAST_RESULT_KEY);
    const request = extension.workspaceState.get<unknown>(LAST_REQUEST_KEY);
    // The providers first: a result editor restored by the window's reload is served at once (activation event onFileSystem:ccc-context).
    this.results = new ResultEditor(stored?.result.text);
    this.log = vscode.window.createOutputChannel('Code Context Compressor', { log: true });
    this.statusBar = new StatusBar(showPanelCommand);
    this.view = new DiagnosticsView(extension.extensionUri, onViewMessage);
    this.lastCodeEditor = this.isCodeEditor(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor : undefined;
    extension.subscriptions.push(
      this,
      vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, this.results),
      vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, this.answers),
      this.results,
      this.answers,
      this.log,
      this.statusBar,
      this.view,
      vscode.window.registerWebviewViewProvider('codeContextCompressor.diagnostics', this.view, { webviewOptions: { retainContextWhenHidden: false } }),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (this.isCodeEditor(e)) this.lastCodeEditor = e;
      }),
      vscode.workspace.onDidChangeConfiguration((e) => this.settingsChanged(e)),
    );
    if (stored) this.showResult(stored.result, stored.scope);
    // Not awaited: activation does not wait for the editor layout.
    void this.results.restore(extension.workspaceState).then(
      (tracking) => extension.subscriptions.push(tracking),
      (err: unknown) => this.log.warn(`Could not restore the result editor: ${err instanceof Error ? err.message : String(err)}`),
    );
    if (isRunRequest(request)) this.lastRequest = request;
    // Last: they read the settings and the compressor through this object.
    this.density = new DensityDiagnostics(this);
    this.indexer = new BackgroundIndexer({
      mode: () => this.config.indexBackground,
      compressor: () => this.compressor,
      analysis: () => ({ decoder: this.config.decoder, redactSecrets: this.config.redactSecrets }),
      maxFileBytes: () => this.config.maxFileBytes,
      log: this.log,
      state: extension.workspaceState,
      lastRequest: () => this.lastRequest,
    });
    extension.subscriptions.push(this.density, this.indexer);
  }

  private isCodeEditor(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
    return editor !== undefined && isCodeDocument(editor.document);
  }

  /** The code editor a run is about: the active one when it shows code, else the last one that did (if still open). */
  codeEditor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (this.isCodeEditor(active)) return active;
    const last = this.lastCodeEditor;
    return last && !last.document.isClosed ? last : undefined;
  }

  private settingsChanged(event: vscode.ConfigurationChangeEvent): void {
    const effect = Config.effectOf(event);
    const reindex = BackgroundIndexer.affectedBy(event);
    if (effect === 'nothing') {
      if (reindex) this.indexer.settingsChanged();
      return;
    }
    if (effect === 'reloadModel') {
      // The next run (or density check) builds a new compressor, which chooses and loads the encoder afresh.
      void this.compressorInstance?.dispose();
      this.compressorInstance = undefined;
    }
    // After the compressor is replaced: the indexer analyses with the new one.
    if (reindex) this.indexer.settingsChanged();
    this.log.info(`Settings changed (${effect === 'reloadModel' ? 'the encoder is loaded again' : 'the last result is out of date'}): the next run uses budget ${this.config.budget}, decoder ${this.config.decoder}.`);
    this.statusBar.settingsChanged(this.config.budget, this.config.decoder);
  }

  private get assetsDir(): string {
    return path.join(this.extension.extensionPath, 'dist', 'assets');
  }

  /** Where the analysis index persists: this workspace's storage (none with no folder open: then it lives in memory). */
  get indexDir(): string | undefined {
    return this.extension.storageUri ? path.join(this.extension.storageUri.fsPath, 'index') : undefined;
  }

  /**
   * Empties the analysis index: background work stops, what is being written is waited for, the folder is removed
   * and the next run starts from a new compressor (whose memory holds nothing).
   */
  async clearIndex(): Promise<void> {
    const release = this.indexer.hold();
    try {
      const old = this.compressorInstance;
      await old?.flushIndex();
      this.compressorInstance = undefined;
      // Its models, workers and background work go with it (they held memory, and GPU memory, until collected).
      void old?.dispose();
      if (this.indexDir !== undefined) await fs.rm(this.indexDir, { recursive: true, force: true });
      await this.indexer.forgetAll();
    } finally {
      release();
    }
  }

  /** Created on first use, so activation loads no grammar and no tokenizer. */
  get compressor(): Compressor {
    this.compressorInstance ??= new Compressor(
      {
        wasmDir: path.join(this.assetsDir, 'wasm'),
        tokenizersDir: path.join(this.assetsDir, 'tokenizers'),
        encoders: encoderLocations(this.extension, this.config.encoder),
        // The analysis index persists in this workspace's storage (read file by file, when a run needs it); with
        // no folder open it lives in memory.
        index: {
          ...(this.indexDir !== undefined ? { dir: this.indexDir } : {}),
          hostVersion: String((this.extension.extension.packageJSON as { version?: unknown }).version ?? 'unknown'),
        },
        analysisWorker: path.join(this.extension.extensionPath, 'dist', 'analysisWorker.js'),
      },
      engineLogger(this.log),
    );
    return this.compressorInstance;
  }

  /** Tree-sitter units for the symbol picker when a language has no symbol provider: the compressor's own parser. */
  readonly unitSource: UnitSource = async (text, languageId, filePath): Promise<readonly Unit[] | undefined> => {
    const language = languageOfEditorId(languageId, filePath);
    return language === 'text' ? undefined : this.compressor.unitsOf(text, language);
  };

  private showResult(result: CompressResult, scope: ScopeFacts | undefined): void {
    this.lastResult = result;
    this.lastScope = scope;
    this.statusBar.show(result);
    this.view.update(result, scope?.description);
    void vscode.commands.executeCommand('setContext', HAS_RESULT_CONTEXT, true);
  }

  /** Records a run's result: the status bar, the panel, and the workspace state (for a reload). */
  async setResult(result: CompressResult): Promise<void> {
    this.showResult(result, this.lastScope);
    const stored: StoredResult = { result, scope: this.lastScope };
    const fits = mayFit(stored) && JSON.stringify(stored).length <= MAX_STORED_RESULT_CHARS;
    // Too large to keep: an older result must not come back after a reload in its place.
    await this.extension.workspaceState.update(LAST_RESULT_KEY, fits ? stored : undefined);
  }

  /** Records the request being run, for "Re-run" now and after a reload. */
  async setRequest(request: RunRequest): Promise<void> {
    this.lastRequest = request;
    await this.extension.workspaceState.update(LAST_REQUEST_KEY, request);
  }

  dispose(): void {
    this.currentRun?.cancel();
    // Its analysis workers, if a first build started any.
    void this.compressorInstance?.dispose();
  }
}
