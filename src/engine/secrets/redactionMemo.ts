import { createHash } from 'node:crypto';
import type { RedactionResult } from './types';

/** Files remembered: as many as the segment cache keeps, so a workspace compressed again is not scanned again. */
const MEMO_LIMIT = 4_000;

/**
 * Redactions of file texts already scanned, by path and content. Scanning is the same work every run for an
 * unchanged file (a few MB/s with secretlint's rules), so a long-lived Compressor (the extension) does it once
 * per file version. The path is part of the key: rules depend on the file's kind (.env, .npmrc, YAML …).
 */
export class RedactionMemo {
  private readonly entries = new Map<string, RedactionResult>();

  async redact(text: string, path: string, scan: (text: string, path: string) => Promise<RedactionResult>): Promise<RedactionResult> {
    const key = `${path}\0${createHash('sha1').update(text).digest('hex')}`;
    const known = this.entries.get(key);
    if (known) return known;
    const result = await scan(text, path);
    if (this.entries.size >= MEMO_LIMIT) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, result);
    return result;
  }
}
