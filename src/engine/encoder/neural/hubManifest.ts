import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readCappedText } from '../../cappedBody';
import type { FetchLike } from './download';

/**
 * What the Hub says a repository file is: its size, and the digest to check it against — the SHA-256 of the
 * content for files stored in LFS or Xet (weights), the git blob id (SHA-1 of "blob <size>\0" + content) for small
 * files kept in git (config.json).
 */
export interface HubFileFacts {
  readonly size: number;
  readonly sha256?: string;
  readonly gitBlobSha1?: string;
}

/** One entry of the Hub's tree listing (`/api/models/<repo>/tree/<revision>/<folder>`), as far as it is read here. */
interface TreeEntry {
  readonly type?: unknown;
  readonly path?: unknown;
  readonly size?: unknown;
  readonly oid?: unknown;
  readonly lfs?: { readonly oid?: unknown; readonly size?: unknown } | null;
}

const HEX40 = /^[0-9a-f]{40}$/;
const HEX64 = /^[0-9a-f]{64}$/;
/** A listing is a page of entries; the Hub pages large folders with a Link header. Model folders hold a few dozen. */
const MAX_PAGES = 20;
/** A page of a thousand entries is ~300 KB: a mirror answering more is not answering a listing. */
const MAX_PAGE_BYTES = 4 << 20;

function factsOf(entry: TreeEntry): HubFileFacts | undefined {
  if (entry.type !== 'file' || typeof entry.path !== 'string') return undefined;
  const lfs = entry.lfs;
  if (lfs && typeof lfs.oid === 'string' && HEX64.test(lfs.oid) && typeof lfs.size === 'number') return { size: lfs.size, sha256: lfs.oid };
  if (typeof entry.size === 'number' && typeof entry.oid === 'string' && HEX40.test(entry.oid)) return { size: entry.size, gitBlobSha1: entry.oid };
  return undefined;
}

/** The URL of the next page (Link: <url>; rel="next"), resolved against the listing's own. */
function nextPage(link: string | null, base: string): string | undefined {
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link ?? '');
  return match?.[1] ? new URL(match[1], base).toString() : undefined;
}

/**
 * The Hub's listing of the folders of a model repository at a revision, read once per folder and kept: a file's
 * facts, or undefined when the listing could not be read (a mirror without the API, a network error) or does not
 * name the file — the caller then checks the length alone and says so.
 */
export class HubManifest {
  private readonly folders = new Map<string, Promise<Map<string, HubFileFacts> | string>>();

  constructor(
    private readonly endpoint: string,
    private readonly repo: string,
    private readonly revision: string,
    private readonly fetch: FetchLike,
    private readonly signal?: AbortSignal,
  ) {}

  /** The facts of `file` (a path inside the repository), or a reason why there are none. */
  async facts(file: string): Promise<HubFileFacts | string> {
    const folder = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    let listing = this.folders.get(folder);
    if (!listing) {
      listing = this.list(folder);
      this.folders.set(folder, listing);
    }
    const found = await listing;
    if (typeof found === 'string') return found;
    return found.get(file) ?? `the Hub's listing of the repository does not name ${file}`;
  }

  private async list(folder: string): Promise<Map<string, HubFileFacts> | string> {
    const facts = new Map<string, HubFileFacts>();
    let url: string | undefined = `${this.endpoint}/api/models/${this.repo}/tree/${encodeURIComponent(this.revision)}${folder ? `/${folder}` : ''}`;
    try {
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const response = await this.fetch(url, { ...(this.signal ? { signal: this.signal } : {}), headers: { 'User-Agent': 'code-context-compressor' } });
        if (!response.ok) return `the Hub's file listing answered HTTP ${response.status}`;
        const entries: unknown = JSON.parse(await readCappedText(response, MAX_PAGE_BYTES));
        if (!Array.isArray(entries)) return "the Hub's file listing is not a list";
        for (const entry of entries as TreeEntry[]) {
          const f = entry && typeof entry === 'object' ? factsOf(entry) : undefined;
          if (f) facts.set(entry.path as string, f);
        }
        url = nextPage(response.headers.get('link'), url);
      }
    } catch (err) {
      if (this.signal?.aborted) throw err;
      return `the Hub's file listing could not be read (${err instanceof Error ? err.message : String(err)})`;
    }
    return facts;
  }
}

/** The file's digest in the form `facts` gives (streamed: weights are hundreds of megabytes). */
export async function digestOf(file: string, facts: HubFileFacts, signal?: AbortSignal): Promise<string> {
  const hash = createHash(facts.sha256 !== undefined ? 'sha256' : 'sha1');
  if (facts.sha256 === undefined) hash.update(`blob ${facts.size}\0`);
  for await (const chunk of createReadStream(file, signal ? { signal } : {})) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Undefined when the file matches the Hub's facts, else what differs, in words. */
export async function mismatchOf(file: string, size: number, facts: HubFileFacts, signal?: AbortSignal): Promise<string | undefined> {
  if (size !== facts.size) return `it is ${size} bytes where the Hub lists ${facts.size}`;
  const expected = facts.sha256 ?? facts.gitBlobSha1;
  if (expected === undefined) return undefined;
  const actual = await digestOf(file, facts, signal);
  return actual === expected ? undefined : `its ${facts.sha256 !== undefined ? 'SHA-256' : 'git blob id'} is ${actual} where the Hub lists ${expected}`;
}
