import { createHash } from 'node:crypto';
import { contentHash } from '../index/contentHash';
import { applyFindings } from './apply';
import type { RedactionResult, SecretFinding } from './types';

/** Files remembered in memory: as many as the segment cache keeps, so a workspace compressed again is not scanned again. */
const MEMO_LIMIT = 4_000;

/** Where findings persist between processes (the index's FindingsStore); the memo works without one. */
export interface FindingsBacking {
  get(key: string, textLength: number): Promise<SecretFinding[] | undefined>;
  set(key: string, findings: readonly SecretFinding[]): void;
  save(): Promise<void>;
}

/**
 * What the scanners found in file texts already scanned, by path and content. Scanning is the same work every run
 * for an unchanged file (a few MB/s with secretlint's rules), so each file version is scanned once: in memory for
 * a long-lived Compressor (the extension), and across runs with a backing store (the CLI's index folder). The path
 * is part of the key: rules depend on the file's kind (.env, .npmrc, YAML …). Findings, not texts, are kept: the
 * store never holds a secret.
 */
export class RedactionMemo {
  private readonly entries = new Map<string, readonly SecretFinding[]>();
  private learnt = false;

  constructor(private readonly backing?: FindingsBacking) {}

  async redact(text: string, path: string, scan: (text: string, path: string) => Promise<readonly SecretFinding[]>): Promise<RedactionResult> {
    const looked = await this.lookup(text, path);
    let findings = looked.findings;
    if (!findings) {
      findings = await scan(text, path);
      this.learn(looked.key, findings);
    }
    return applyFindings(text, findings);
  }

  /** A file version's key, and what is known of it (in memory, else in the backing store): undefined if not scanned. */
  async lookup(text: string, path: string): Promise<{ readonly key: string; readonly findings: readonly SecretFinding[] | undefined }> {
    const key = createHash('sha256').update(path).update('\0').update(contentHash(text)).digest('hex').slice(0, 40);
    const findings = this.entries.get(key) ?? (await this.backing?.get(key, text.length));
    if (findings) this.remember(key, findings);
    return { key, findings };
  }

  /** What a scan found in the file version `key` (from lookup) stands for. */
  learn(key: string, findings: readonly SecretFinding[]): void {
    this.backing?.set(key, findings);
    this.learnt = true;
    this.remember(key, findings);
  }

  private remember(key: string, findings: readonly SecretFinding[]): void {
    if (this.entries.size >= MEMO_LIMIT && !this.entries.has(key)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, findings);
  }

  /** Persists what was scanned since the last save (the backing merges it with what other processes wrote). */
  save(): Promise<void> {
    if (!this.backing) return Promise.resolve();
    // Entries read from the backing are saved too (their last use moves on), but only a run that scanned writes.
    if (!this.learnt) return Promise.resolve();
    this.learnt = false;
    return this.backing.save();
  }
}
