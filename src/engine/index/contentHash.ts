import { createHash } from 'node:crypto';

/** Characters of texts whose hashes are remembered (the 64 MB input cap's worth of code, about). */
const MEMO_CHARS = 32 * 1024 * 1024;

const memo = new Map<string, string>();
let memoChars = 0;

/**
 * The sha256 (hex) of a file's text, computed once per text: the index's record key, the secret findings' key and
 * the result cache's key all start from it (each was hashing every file itself: three passes over 17 MB, ~50 ms
 * each). A text seen again is found by the string itself: the same string object (the extension's read cache)
 * costs nothing, an equal one read afresh a comparison, far cheaper than hashing it.
 */
export function contentHash(text: string): string {
  const known = memo.get(text);
  if (known !== undefined) {
    // Most recently used last: eviction takes the first.
    memo.delete(text);
    memo.set(text, known);
    return known;
  }
  const hash = createHash('sha256').update(text).digest('hex');
  memo.set(text, hash);
  memoChars += text.length;
  for (const [old] of memo) {
    if (memoChars <= MEMO_CHARS) break;
    memo.delete(old);
    memoChars -= old.length;
  }
  return hash;
}
