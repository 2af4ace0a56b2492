import { createHash } from 'node:crypto';
import { TextMemo } from './textMemo';

/** Characters of texts whose hashes are remembered (the 64 MB input cap's worth of code, about). */
const MEMO_CHARS = 32 * 1024 * 1024;

const memo = new TextMemo<string>(MEMO_CHARS);

/**
 * The sha256 (hex) of a file's text, computed once per text: the index's record key, the secret findings' key and
 * the result cache's key all start from it (each was hashing every file itself: three passes over 17 MB, ~50 ms
 * each).
 */
export function contentHash(text: string): string {
  const known = memo.get(text);
  if (known !== undefined) return known;
  const hash = createHash('sha256').update(text).digest('hex');
  memo.set(text, hash);
  return hash;
}
