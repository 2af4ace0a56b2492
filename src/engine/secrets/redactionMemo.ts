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

  async redact(text: string, path: string, scan: (text: string, path: string) => Promise<SecretFinding[]>): Promise<RedactionResult> {
    const key = createHash('sha256').update(path).update('\0').update(contentHash(text)).digest('hex').slice(0, 40);
    let findings = this.entries.get(key) ?? (await this.backing?.get(key, text.length));
    if (!findings) {
      findings = await scan(text, path);
      this.backing?.set(key, findings);
      this.learnt = true;
    }
    if (this.entries.size >= MEMO_LIMIT) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, findings);
    return applyFindings(text, findings);
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
