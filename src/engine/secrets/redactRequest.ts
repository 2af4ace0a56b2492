/**
 * The engine's redaction step: secrets in the input texts (and the query) are replaced by markers before
 * anything else looks at them, so the budget counts the markers and every output is clean. Line structure
 * is kept, so pinned regions and line ranges stay true.
 */
import { throwIfAborted } from '../abort';
import type { CompressRequest, SourceFile, Warning } from '../types';
import { addCounts, describeRedaction } from './apply';
import { findSecrets, redactText } from './redact';
import type { RedactionMemo } from './redactionMemo';
import type { SecretKind } from './types';

export interface RequestRedaction {
  readonly request: CompressRequest;
  readonly count: number;
  readonly kinds: Readonly<Record<SecretKind, number>>;
  /** The files that held a secret, in input order. */
  readonly paths: readonly string[];
}

const FILES_NAMED = 5;

/** `memo` (a long-lived compressor's) skips files already scanned in the same version. */
export async function redactRequest(request: CompressRequest, signal?: AbortSignal, memo?: RedactionMemo): Promise<RequestRedaction> {
  if (request.redactSecrets === false) return { request, count: 0, kinds: {}, paths: [] };
  const kinds: Record<SecretKind, number> = {};
  const paths: string[] = [];
  let count = 0;
  const files: SourceFile[] = [];
  for (const file of request.files) {
    throwIfAborted(signal);
    const r = memo ? await memo.redact(file.text, file.path, (t, p) => findSecrets(t, p)) : await redactText(file.text, file.path);
    if (r.count > 0) {
      count += r.count;
      addCounts(kinds, r.kinds);
      paths.push(file.path);
      files.push({ ...file, text: r.text });
    } else files.push(file);
  }
  const query = request.query !== undefined ? await redactText(request.query) : undefined;
  if (query && query.count > 0) {
    count += query.count;
    addCounts(kinds, query.kinds);
    paths.push('(the query)');
  }
  if (count === 0) return { request: { ...request, redactSecrets: false }, count, kinds, paths };
  const warning: Warning = {
    code: 'redacted-secrets',
    message: `${describeRedaction({ count, kinds })} in ${namedPaths(paths)}; the context holds «redacted:…» markers in their place.`,
    ...(paths.length === 1 && paths[0] !== '(the query)' ? { path: paths[0] } : {}),
  };
  return {
    // redactSecrets: false marks it done, so a request passed on (Ask → compress) is not scanned twice.
    request: { ...request, files, ...(query ? { query: query.text } : {}), redactSecrets: false, priorWarnings: [...(request.priorWarnings ?? []), warning] },
    count,
    kinds,
    paths,
  };
}

function namedPaths(paths: readonly string[]): string {
  const shown = paths.slice(0, FILES_NAMED).join(', ');
  return paths.length > FILES_NAMED ? `${shown} and ${paths.length - FILES_NAMED} more files` : shown;
}
