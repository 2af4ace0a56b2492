import * as path from 'node:path';
import * as vscode from 'vscode';
import { countOf, type AnalyseRequest, type Compressor, type IndexCounts, type SourceFile } from '../engine';
import { currentFiles } from './currentFile';
import { readFolderFiles } from './gatherFolder';
import { progressPlace, withIndexProgress, type ProgressPlace } from './indexProgress';
import { IndexQueue } from './indexQueue';
import type { RunRequest } from './runRequest';

/**
 * `afterCompress`: the folders and files compressed once are kept analysed as they change; `workspace`: also every
 * workspace folder from start-up on; `off`: the index is still read and updated by compressions, never in between.
 */
export type BackgroundIndexing = 'afterCompress' | 'workspace' | 'off';

/** What the indexer needs of the extension: the settings its analysis is keyed by, the compressor, a log, a memo. */
export interface IndexerHost {
  readonly mode: () => BackgroundIndexing;
  readonly compressor: () => Compressor;
  readonly analysis: () => Omit<AnalyseRequest, 'files'>;
  readonly maxFileBytes: () => number;
  readonly log: vscode.LogOutputChannel;
  readonly state: vscode.Memento;
  /** The folder request stored from the last session, if any: its folders are watched again. */
  readonly lastRequest: () => RunRequest | undefined;
}

/** One file as it is now, or a whole folder (its list of files may have changed: created, deleted, ignored). */
type IndexJob = { readonly kind: 'file'; readonly uri: vscode.Uri } | { readonly kind: 'folder'; readonly uri: vscode.Uri };

/** What the last batch did and what all did, for the log and the tests. */
export interface IndexerReport {
  readonly pending: number;
  readonly running: boolean;
  /** Files looked at by the background since start-up: known already (hits) and analysed (misses). */
  readonly total: IndexCounts;
  readonly lastBatch?: { readonly scope: string; readonly files: number; readonly done: number; readonly hits: number; readonly misses: number; readonly cancelled: boolean; readonly place: ProgressPlace; readonly ms: number };
  /** While a batch runs: where its progress shows and how many files it has done of how many. */
  readonly progress?: { readonly place: ProgressPlace; readonly done: number; readonly files: number };
}

interface WatchedFolder {
  readonly uri: vscode.Uri;
  /** The files of its last reading (URIs): changes to others are not in its scope (ignored, excluded, binary). */
  files: Set<string>;
  readonly watcher: vscode.FileSystemWatcher;
}

/** Quiet time after the last keystroke or file event before analysing; a burst (a checkout) waits at most the second. */
const QUIET_MS = 750;
const MAX_WAIT_MS = 5_000;
/** Start-up work waits this long after activation, so that it never competes with the window coming up. */
const STARTUP_DELAY_MS = 3_000;
/** Files outside any watched folder that compressions named (open editors, symbols), most recent kept. */
const MAX_SINGLE_FILES = 2_000;
/** Folders whose first index completed (for where the progress of the next one shows), in the workspace state. */
const INDEXED_FOLDERS_KEY = 'codeContextCompressor.indexedFolders';
/** The settings a record's key or the set of files depends on, and the mode itself. */
const ANALYSIS_SETTINGS = ['index.background', 'decoder', 'redactSecrets', 'exclude', 'maxFileSizeKB', 'encoder', 'device', 'scorer.endpoint', 'gguf'];
/** Folders watched at most at once (the most recently compressed kept). */
const MAX_WATCHED_FOLDERS = 16;

/**
 * Keeps the analysis index up to date in the background: once a folder (or an editor's file) has been compressed,
 * its changes, saved or not, are analysed soon after they happen (debounced, IndexQueue), so that the next
 * compression finds every file analysed. Compressions go first (`hold`), nothing runs during activation, and
 * disposing stops the batch that runs.
 */
export class BackgroundIndexer implements vscode.Disposable {
  private readonly queue: IndexQueue<IndexJob>;
  private readonly folders = new Map<string, WatchedFolder>();
  private readonly singles = new Set<string>();
  /** Folders whose index the user cancelled: not read again in the background until compressed or asked for. */
  private readonly declined = new Set<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly startup: ReturnType<typeof setTimeout>;
  private total: IndexCounts = { hits: 0, misses: 0 };
  private lastBatch: IndexerReport['lastBatch'];
  private progress: IndexerReport['progress'];

  constructor(private readonly host: IndexerHost) {
    this.queue = new IndexQueue<IndexJob>({
      delayMs: QUIET_MS,
      maxDelayMs: MAX_WAIT_MS,
      run: (jobs, signal) => this.runBatch(jobs, signal),
      onError: (err) => host.log.warn(`Background indexing stopped: ${err instanceof Error ? err.message : String(err)}`),
    });
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.fileChanged(e.document.uri);
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => this.fileChanged(doc.uri)),
    );
    this.startup = setTimeout(() => this.start(), STARTUP_DELAY_MS);
  }

  get report(): IndexerReport {
    const { pending, running } = this.queue.state;
    return { pending, running, total: { ...this.total }, ...(this.lastBatch ? { lastBatch: this.lastBatch } : {}), ...(this.progress ? { progress: this.progress } : {}) };
  }

  /** Resolves when nothing waits and nothing runs: batches, the ranking preparation, records being written. */
  async settled(): Promise<void> {
    await this.queue.idle();
    await this.preparation;
    // Records still being written (a first index writes thousands, a few at a time) are part of indexing too.
    await this.host.compressor().flushIndex();
  }

  /**
   * Keeps background work from running (and stops what runs: a batch, the ranking preparation) until the returned
   * function is called; then the preparation goes on.
   */
  hold(): () => void {
    this.host.compressor().pauseBackgroundWork();
    const release = this.queue.hold();
    return () => {
      release();
      this.prepareRanking([]);
    };
  }

  /** After a compression: its folders and files are watched from now on; a folder compressed whole is indexed. */
  async compressed(req: RunRequest, files: readonly SourceFile[]): Promise<void> {
    if (this.host.mode() === 'off') return;
    const local = req.scope === 'folder' ? req.resources.map((r) => vscode.Uri.parse(r)).filter((u) => u.scheme === 'file') : [];
    const folders: vscode.Uri[] = [];
    for (const uri of local) {
      const stat = await vscode.workspace.fs.stat(uri).then((s) => s, () => undefined);
      if (stat?.type !== undefined && (stat.type & vscode.FileType.Directory) !== 0) folders.push(uri);
    }
    for (const folder of folders) {
      this.declined.delete(folder.toString());
      const prefix = folder.toString().replace(/\/?$/, '/');
      this.watch(folder, files.flatMap((f) => (f.uri?.startsWith(prefix) ? [f.uri] : [])));
      await this.markIndexed(folder);
    }
    for (const f of files) if (f.uri && !this.inFolder(f.uri)) this.addSingle(f.uri);
    this.prepareRanking(files);
  }

  /** The last ranking preparation started (settled() waits for it). */
  private preparation: Promise<void> = Promise.resolve();

  /**
   * What the next request with a query will need of these files' units, worked out in the background: started on
   * a later turn of the event loop, so that a result being shown goes first, and never awaited.
   */
  private prepareRanking(files: readonly SourceFile[]): void {
    if (this.host.mode() === 'off') return;
    this.preparation = new Promise<void>((resolve) => setTimeout(() => void this.host.compressor().prepareRanking({ ...this.host.analysis(), files }).finally(resolve), 0));
  }

  /** Indexes folders now (the workspace's when none is given), as a first index: a large one shows a notification. */
  build(folders: readonly vscode.Uri[] = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)): void {
    for (const folder of folders.filter((u) => u.scheme === 'file')) {
      this.declined.delete(folder.toString());
      void this.forgetIndexed(folder).then(() => this.queueFolder(folder));
    }
  }

  /** Settings that change the analysis (decoder, redaction, exclude, size limit) or what runs in the background. */
  settingsChanged(): void {
    const mode = this.host.mode();
    if (mode === 'off') {
      this.unwatchAll();
      return;
    }
    if (mode === 'workspace') this.watchWorkspace();
    // A copy: queueFolder moves each folder to the end of the map, which a live iteration would visit again, forever.
    for (const folder of [...this.folders.values()]) this.queueFolder(folder.uri);
    for (const uri of this.singles) this.queue.add(`file:${uri}`, { kind: 'file', uri: vscode.Uri.parse(uri) });
  }

  /** Whether a change of settings touches what the background analyses, or whether it runs. */
  static affectedBy(event: vscode.ConfigurationChangeEvent): boolean {
    return ANALYSIS_SETTINGS.some((key) => event.affectsConfiguration(`codeContextCompressor.${key}`));
  }

  /** Forgets what was indexed (the index itself is cleared by its owner): folders show a first index again. */
  async forgetAll(): Promise<void> {
    await this.host.state.update(INDEXED_FOLDERS_KEY, undefined);
  }

  dispose(): void {
    clearTimeout(this.startup);
    this.queue.dispose();
    this.unwatchAll();
    for (const s of this.subscriptions) s.dispose();
  }

  /** Off activation's path: the folders of the last session's folder request, or the workspace's. */
  private start(): void {
    const mode = this.host.mode();
    if (mode === 'off') return;
    if (mode === 'workspace') this.watchWorkspace();
    const last = this.host.lastRequest();
    if (last?.scope === 'folder') {
      for (const r of last.resources) {
        const uri = vscode.Uri.parse(r);
        if (uri.scheme === 'file') void vscode.workspace.fs.stat(uri).then((s) => (s.type & vscode.FileType.Directory) !== 0 && this.queueFolder(uri), () => undefined);
      }
    }
  }

  private watchWorkspace(): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme === 'file' && !this.folders.has(folder.uri.toString())) this.queueFolder(folder.uri);
    }
  }

  private queueFolder(uri: vscode.Uri): void {
    this.watch(uri);
    this.queue.add(`folder:${uri.toString()}`, { kind: 'folder', uri });
  }

  private inFolder(uri: string): boolean {
    for (const f of this.folders.values()) if (f.files.has(uri)) return true;
    return false;
  }

  private addSingle(uri: string): void {
    this.singles.delete(uri);
    this.singles.add(uri);
    if (this.singles.size > MAX_SINGLE_FILES) {
      const oldest = this.singles.values().next();
      if (!oldest.done) this.singles.delete(oldest.value);
    }
  }

  private fileChanged(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.inFolder(key) || this.singles.has(key)) this.queue.add(`file:${key}`, { kind: 'file', uri });
  }

  /** Watches a folder's files (created, changed, deleted on disk, by any program); `files`, when already read. */
  private watch(uri: vscode.Uri, files?: readonly string[]): void {
    const key = uri.toString();
    const known = this.folders.get(key);
    if (known) {
      if (files) known.files = new Set(files);
      // Most recently used last: the first is dropped when too many are watched.
      this.folders.delete(key);
      this.folders.set(key, known);
      return;
    }
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(uri, '**/*'));
    const folder: WatchedFolder = { uri, files: new Set(files ?? []), watcher };
    const rescan = (): void => this.queue.add(`folder:${key}`, { kind: 'folder', uri });
    watcher.onDidChange((changed) => {
      if (folder.files.has(changed.toString())) this.fileChanged(changed);
      else if (path.basename(changed.fsPath) === '.gitignore') rescan();
    });
    // A new file may be ignored or excluded, which only reading the folder again tells (once per burst of events).
    watcher.onDidCreate(rescan);
    watcher.onDidDelete((deleted) => {
      if (!folder.files.delete(deleted.toString())) rescan();
    });
    this.folders.set(key, folder);
    if (this.folders.size > MAX_WATCHED_FOLDERS) {
      const oldest = this.folders.values().next();
      if (!oldest.done) this.unwatch(oldest.value);
    }
  }

  private unwatch(folder: WatchedFolder): void {
    folder.watcher.dispose();
    this.folders.delete(folder.uri.toString());
  }

  private unwatchAll(): void {
    for (const f of [...this.folders.values()]) this.unwatch(f);
    this.singles.clear();
  }

  private indexedFolders(): string[] {
    return this.host.state.get<string[]>(INDEXED_FOLDERS_KEY, []);
  }

  private async markIndexed(folder: vscode.Uri): Promise<void> {
    const all = this.indexedFolders();
    if (!all.includes(folder.toString())) await this.host.state.update(INDEXED_FOLDERS_KEY, [...all, folder.toString()]);
  }

  private async forgetIndexed(folder: vscode.Uri): Promise<void> {
    await this.host.state.update(INDEXED_FOLDERS_KEY, this.indexedFolders().filter((f) => f !== folder.toString()));
  }

  /** One batch: folders read again and indexed, then the files changed outside them. A Cancel ends the batch. */
  private async runBatch(jobs: readonly IndexJob[], signal: AbortSignal): Promise<void> {
    if (this.host.mode() === 'off') return; // turned off while these waited
    const folders = jobs.filter((j) => j.kind === 'folder');
    for (const job of folders) {
      const folder = this.folders.get(job.uri.toString());
      if (!folder || this.declined.has(job.uri.toString())) continue;
      const exists = await vscode.workspace.fs.stat(job.uri).then(() => true, () => false);
      if (!exists) {
        this.unwatch(folder);
        continue;
      }
      const { files } = await readFolderFiles([job.uri], this.host.maxFileBytes(), signal);
      folder.files = new Set(files.flatMap((f) => (f.uri ? [f.uri] : [])));
      const first = !this.indexedFolders().includes(job.uri.toString());
      const done = await this.analyse(files, progressPlace(files.length, first), signal, job.uri.toString());
      if (!done) {
        this.declined.add(job.uri.toString());
        return;
      }
      await this.markIndexed(job.uri);
    }
    const scanned = new Set(folders.map((f) => f.uri.toString().replace(/\/?$/, '/')));
    const changed = jobs.filter((j) => j.kind === 'file' && ![...scanned].some((prefix) => j.uri.toString().startsWith(prefix)));
    if (changed.length === 0) return;
    const files = await currentFiles(changed.map((j) => j.uri), this.host.maxFileBytes());
    await this.analyse(files, 'statusBar', signal, 'changed files');
  }

  /** Analyses files into the index under a progress; false when the user cancelled it. */
  private async analyse(files: readonly SourceFile[], place: ProgressPlace, signal: AbortSignal, scope: string): Promise<boolean> {
    if (files.length === 0) return true;
    const t0 = performance.now();
    let counts: IndexCounts = { hits: 0, misses: 0 };
    this.progress = { place, done: 0, files: files.length };
    try {
      const { cancelled } = await withIndexProgress(place, files.length, signal, async (stop, report) => {
        counts = await this.host.compressor().analyse({ ...this.host.analysis(), files }, stop, (done) => {
          this.progress = { place, done, files: files.length };
          report(done);
        });
      });
      const ms = performance.now() - t0;
      if (!cancelled) this.prepareRanking(files);
      this.total = { hits: this.total.hits + counts.hits, misses: this.total.misses + counts.misses };
      this.lastBatch = { scope, files: files.length, done: this.progress.done, ...counts, cancelled, place, ms };
      this.host.log.info(
        cancelled
          ? `Indexing cancelled after ${this.progress.done} of ${countOf(files.length, 'file')}: the rest are analysed when next compressed.`
          : `Indexed ${countOf(files.length, 'file')} in the background (${counts.misses} analysed, ${counts.hits} unchanged) in ${ms.toFixed(0)} ms.`,
      );
      return !cancelled;
    } finally {
      this.progress = undefined;
    }
  }
}
