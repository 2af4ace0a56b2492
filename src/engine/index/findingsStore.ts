import { promises as nodeFs } from 'node:fs';
import * as path from 'node:path';
import type { SecretFinding } from '../secrets/types';
import type { Logger } from '../types';
import { CorruptRecordError, decodeChecked, encodeChecked } from './checkedFile';
import { writeAtomically } from './atomicWrite';
import type { StoreIo } from './diskStore';

/** First line of the file: its format. */
const MAGIC = 'code-context-compressor secret findings 1\n';
/** The file, beside the records' folder. */
const FILE = 'secret-findings-v1.json';
/** Entries kept at most (a few dozen bytes each, most files have no findings); the least recently used go first. */
const MAX_ENTRIES = 200_000;

/** One file version's findings as stored: [start, end, kind] triples, and the run that last used it. */
type Stored = { readonly used: number; readonly findings: readonly (readonly [number, number, string])[] };
interface FindingsFile {
  /** The scanners' version (the host's): findings of other rules are not used. */
  readonly version: string;
  readonly entries: Readonly<Record<string, Stored>>;
}

/**
 * What the secret scanners found in each file version, persisted: scanning is the one analysis that runs over
 * every byte each time (a few MB/s with secretlint's rules), and most of a workspace is the same as last time.
 * One small file (most files have no findings), read once and written back after a run that learnt something,
 * merged with what another process wrote meanwhile (the union: keys are content hashes, so entries never
 * disagree). Written atomically (temporary file, rename); a damaged or foreign file is reported once and
 * replaced; the store never throws — a fault only costs a scan.
 */
export class FindingsStore {
  private readonly file: string;
  private readonly fs: StoreIo;
  private loaded: Promise<Map<string, Stored>> | undefined;
  private readonly learnt = new Map<string, Stored>();
  private readonly run = Date.now();
  private writing: Promise<void> | undefined;
  private reported = false;

  /** `version`: the host's version, which fixes the scanners' rules (secretlint's is pinned with it). */
  constructor(dir: string, private readonly version: string, private readonly log: Logger, io?: StoreIo) {
    this.file = path.join(dir, FILE);
    this.fs = io ?? nodeFs;
  }

  private report(message: string): void {
    if (this.reported) return;
    this.reported = true;
    this.log.warn(`Index (${this.file}): ${message}`);
  }

  private async readFile(): Promise<Map<string, Stored>> {
    let data: string;
    try {
      data = await this.fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.report(`cannot read it (${(err as Error).message}); files are scanned again.`);
      return new Map();
    }
    try {
      const parsed = decodeChecked(data, MAGIC) as FindingsFile;
      if (typeof parsed !== 'object' || parsed === null || typeof parsed.entries !== 'object' || parsed.entries === null) throw new CorruptRecordError('malformed');
      // Written by another version (other rules): not wrong, only of no use; it is replaced on the next write.
      return parsed.version === this.version ? new Map(Object.entries(parsed.entries)) : new Map();
    } catch (err) {
      const why = err instanceof CorruptRecordError ? err.message : 'malformed';
      this.report(`it is damaged or foreign (${why}); it is rebuilt.`);
      return new Map();
    }
  }

  /** The findings stored for a key (a hash of the file's path and text), checked against the text's length. */
  async get(key: string, textLength: number): Promise<SecretFinding[] | undefined> {
    const mine = this.learnt.get(key);
    const stored = mine ?? (await (this.loaded ??= this.readFile())).get(key);
    if (!stored || !Array.isArray(stored.findings)) return undefined;
    const findings: SecretFinding[] = [];
    for (const f of stored.findings) {
      // An entry that does not fit the text is not trusted: the file is scanned again.
      if (!Array.isArray(f) || !(f[0] >= 0 && f[1] > f[0] && f[1] <= textLength) || typeof f[2] !== 'string') return undefined;
      findings.push({ start: f[0], end: f[1], kind: f[2] });
    }
    if (!mine) this.learnt.set(key, { used: this.run, findings: stored.findings });
    return findings;
  }

  set(key: string, findings: readonly SecretFinding[]): void {
    this.learnt.set(key, { used: this.run, findings: findings.map((f) => [f.start, f.end, f.kind] as const) });
  }

  /** Writes what this run used and learnt, merged with the file as it is now; one write at a time. */
  save(): Promise<void> {
    const previous = this.writing ?? Promise.resolve();
    const next = previous.then(() => this.write());
    this.writing = next.finally(() => {
      if (this.writing === next) this.writing = undefined;
    });
    return next;
  }

  private async write(): Promise<void> {
    if (this.learnt.size === 0) return;
    const merged = await this.readFile();
    for (const [k, v] of this.learnt) merged.set(k, v);
    const kept = [...merged].sort((a, b) => b[1].used - a[1].used).slice(0, MAX_ENTRIES);
    try {
      await this.fs.mkdir(path.dirname(this.file), { recursive: true });
      await writeAtomically(this.fs, this.file, encodeChecked(MAGIC, { version: this.version, entries: Object.fromEntries(kept) } satisfies FindingsFile), 0o600);
    } catch (err) {
      this.report(`cannot write it (${(err as Error).message}); files are scanned again next time (results are unaffected).`);
    }
  }
}
