import type { DensityReport } from '../density';
import type { DenseRegion } from '../density/regions';
import type { UnitForms } from '../pipeline/unitForms';
import type { LanguageId } from '../segment/languages';
import type { Logger, Unit } from '../types';
import { AnalysisKeys } from './analysisKey';
import { DiskStore, type StoreIo } from './diskStore';
import { loadUnits, storeUnits, type FileRecord } from './record';
import { attachFacts, fileFacts, type FileFacts } from '../relevance/storedFacts';

export interface IndexOptions {
  /** Folder of the persistent index; without it the index lives in memory only, for the Compressor's lifetime. */
  readonly dir?: string;
  /** Size cap of that folder in bytes (least recently used records go first). */
  readonly maxBytes?: number;
  /** The host's version (extension or CLI): records written by another version are not read. */
  readonly hostVersion?: string;
  /**
   * Whether the answer to a request already answered is reused whole (default true); off, every request is ranked
   * and planned again from the files' analyses (tests of the analyses themselves).
   */
  readonly reuseResults?: boolean;
  /** The file-system calls of the store (tests pass ones that fail as a full disk does). */
  readonly io?: StoreIo;
  /** Read records with blocking calls: for a host with nothing else to do meanwhile (the CLI); see DiskStore. */
  readonly syncReads?: boolean;
}

/** One file's analysis as the pipeline uses it: units with their text, each unit's forms, density under one encoder. */
export interface Analysis {
  readonly key: string;
  readonly units: readonly Unit[];
  readonly errorLines: number;
  readonly forms: readonly UnitForms[];
  readonly density?: { readonly encoder: string; readonly reports: readonly DensityReport[] };
  /** The file's whole-file dense region (null: none), when it was looked for. */
  readonly wholeFile?: DenseRegion | null;
  /** What ranking needs of the units' texts, when worked out already (a worker's analysis, a record's). */
  readonly facts?: FileFacts;
}

/** Files analysed from scratch (misses) and taken from the index (hits) by one request. */
export interface IndexCounts {
  hits: number;
  misses: number;
  /** Of the misses, the files analysed by worker threads (a first build). */
  inWorkers?: number;
}

/** Analyses kept in memory, by total characters of their files (the units' texts are slices of those). */
const MEMORY_CHARS = 256 * 1024 * 1024;
/** Record files written at once. */
const WRITE_CONCURRENCY = 8;
/** Record files read at once. */
const READ_CONCURRENCY = 32;

/**
 * The per-file analysis index: what segmenting, counting and scoring derived from each file, keyed by its
 * content and everything that changes the analysis (AnalysisKeys), so that a file is analysed again only when
 * it or one of those changed. A memory layer in front of an optional folder of records (DiskStore).
 */
export class AnalysisIndex {
  private readonly keys: AnalysisKeys;
  private readonly disk: DiskStore | undefined;
  private readonly memory = new Map<string, { readonly analysis: Analysis; readonly chars: number }>();
  private memoryChars = 0;
  private readonly pending = new Set<Promise<void>>();
  /** Analyses waiting for a write slot (see pump). */
  private readonly toWrite: { readonly analysis: Analysis; readonly text: string }[] = [];
  private wrote = false;
  private sweeping: Promise<void> | undefined;

  constructor(options: IndexOptions, wasmDir: string, log: Logger) {
    this.keys = new AnalysisKeys(wasmDir, options.hostVersion ?? 'unversioned');
    this.disk = options.dir !== undefined ? new DiskStore({ dir: options.dir, ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}), ...(options.io ? { io: options.io } : {}), ...(options.syncReads ? { syncReads: true } : {}) }, log) : undefined;
  }

  encoderKey: AnalysisKeys['encoderKey'] = (encoder) => this.keys.encoderKey(encoder);

  keyOf(text: string, language: LanguageId, tokenizer: string): Promise<string> {
    return this.keys.keyOf(text, language, tokenizer);
  }

  /** The analyses of many files, looked up side by side (a few record files read at once); undefined for misses. */
  lookupAll(files: readonly { readonly text: string; readonly language: LanguageId }[], tokenizer: string): Promise<{ key: string; found: Analysis | undefined }>[] {
    const out: Promise<{ key: string; found: Analysis | undefined }>[] = [];
    let running = 0;
    const queue: (() => void)[] = [];
    const slot = async (): Promise<void> => {
      if (running >= READ_CONCURRENCY) await new Promise<void>((resolve) => queue.push(resolve));
      running++;
    };
    const release = (): void => {
      running--;
      queue.shift()?.();
    };
    for (const f of files) {
      out.push(
        (async () => {
          const key = await this.keyOf(f.text, f.language, tokenizer);
          const inMemory = this.fromMemory(key);
          if (inMemory || !this.disk) return { key, found: inMemory };
          await slot();
          try {
            return { key, found: await this.fromDisk(key, f.text) };
          } finally {
            release();
          }
        })(),
      );
    }
    return out;
  }

  private fromMemory(key: string): Analysis | undefined {
    const found = this.memory.get(key);
    if (found) {
      // Most recently used last: eviction takes the first.
      this.memory.delete(key);
      this.memory.set(key, found);
    }
    return found?.analysis;
  }

  private async fromDisk(key: string, text: string): Promise<Analysis | undefined> {
    const record = await this.disk?.read(key, key, text.length);
    if (!record) return undefined;
    const units = loadUnits(record.units, text);
    if (record.facts) attachFacts(units, record.facts);
    const analysis: Analysis = {
      key,
      units,
      errorLines: record.errorLines,
      forms: record.forms,
      ...(record.density ? { density: record.density } : {}),
      ...(record.wholeFile !== undefined ? { wholeFile: record.wholeFile } : {}),
      ...(record.facts ? { facts: record.facts } : {}),
    };
    this.remember(analysis, text.length);
    return analysis;
  }

  private remember(analysis: Analysis, chars: number): void {
    const old = this.memory.get(analysis.key);
    if (old) {
      this.memory.delete(analysis.key);
      this.memoryChars -= old.chars;
    }
    this.memory.set(analysis.key, { analysis, chars });
    this.memoryChars += chars;
    for (const [k, entry] of this.memory) {
      if (this.memoryChars <= MEMORY_CHARS) break;
      this.memory.delete(k);
      this.memoryChars -= entry.chars;
    }
  }

  /** Keeps a file's analysis, in memory at once and on disk in the background (see `flush`). */
  keep(analysis: Analysis, text: string): void {
    this.remember(analysis, text.length);
    if (!this.disk) return;
    this.toWrite.push({ analysis, text });
    this.wrote = true;
    this.pump();
  }

  /**
   * Starts queued writes, WRITE_CONCURRENCY at a time. A record's bytes are made only when its write starts: a
   * first run over a large tree queues thousands, and encoding them all at once held a copy of the whole index
   * in memory (a 40 MB tree peaked at 1.0 GB against 0.6 GB without the index).
   */
  private pump(): void {
    const disk = this.disk;
    if (!disk) return;
    while (this.pending.size < WRITE_CONCURRENCY) {
      const next = this.toWrite.shift();
      if (!next) break;
      const units = storeUnits(next.analysis.units, next.text);
      if (!units) continue;
      const { key, errorLines, forms, density, wholeFile } = next.analysis;
      // Worked out here for a file analysed in place (a worker's analysis brings them): the next process to find
      // the file ranks it without splitting its units again.
      const facts = next.analysis.facts ?? fileFacts(next.analysis.units);
      const record: FileRecord = { key, errorLines, units, forms, ...(density ? { density } : {}), ...(wholeFile !== undefined ? { wholeFile } : {}), facts };
      const write = disk.write(key, record).finally(() => {
        this.pending.delete(write);
        this.pump();
        // The last write of a batch: keep the folder under its cap (a long-lived host never calls flush).
        if (this.pending.size === 0 && this.toWrite.length === 0) this.sweeping ??= this.sweep();
      });
      this.pending.add(write);
    }
  }

  private async sweep(): Promise<void> {
    try {
      if (this.disk && this.wrote) {
        this.wrote = false;
        await this.disk.maybeSweep();
      }
    } finally {
      this.sweeping = undefined;
    }
  }

  /** Waits for records being written and for the sweep that follows them. */
  async flush(): Promise<void> {
    while (this.pending.size > 0 || this.toWrite.length > 0 || this.sweeping) {
      this.pump();
      await Promise.all([...this.pending]);
      await this.sweeping;
    }
  }
}
