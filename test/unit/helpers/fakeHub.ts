// A loopback stand-in for the Hugging Face Hub, shared by the download tests of the engine and of the CLI.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The repository the fake Hub serves (the registry's 0.5B coder encoder). */
export const REPO = 'onnx-community/Qwen2.5-Coder-0.5B-Instruct';

interface Request {
  readonly path: string;
  readonly range: string | undefined;
}

/**
 * A loopback stand-in for the Hub's resolve URLs: `/<repo>/resolve/<revision>/<file>` answers small files
 * directly and redirects weights (.onnx, external data) to a content URL, as the Hub does for LFS files; that
 * URL honours Range with 206. A missing file gets the Hub's 404 (X-Error-Code: EntryNotFound). `cutOnce`
 * breaks a file's first transfer off halfway, as a dropped connection would.
 */
export class FakeHub {
  readonly files = new Map<string, Buffer>();
  readonly requests: Request[] = [];
  readonly cutOnce = new Set<string>();
  ignoreRange = false;
  /** Answer the tree listing (`/api/models/<repo>/tree/main[/<folder>]`), this many entries a page; 0: 404 as a mirror without the API. */
  listingPageSize = 0;
  /** Files listed with the digest of other bytes than those served (a corrupt transfer of the right length). */
  readonly corrupt = new Set<string>();
  private server: http.Server | undefined;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  requested(file: string): Request[] {
    return this.requests.filter((r) => r.path.endsWith(`/resolve/main/${file}`) || r.path === `/content/${file}`);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '';
    this.requests.push({ path: url, range: req.headers.range });
    if (url.startsWith(`/api/models/${REPO}/tree/main`) && this.listingPageSize > 0) {
      this.answerListing(url, res);
      return;
    }
    const resolve = url.startsWith(`/${REPO}/resolve/main/`) ? url.slice(`/${REPO}/resolve/main/`.length) : undefined;
    const content = url.startsWith('/content/') ? url.slice('/content/'.length) : undefined;
    const file = resolve ?? content;
    const bytes = file === undefined ? undefined : this.files.get(file);
    if (!bytes) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-error-code': 'EntryNotFound' });
      res.end(JSON.stringify({ error: 'Entry not found' }));
      return;
    }
    if (resolve && /\.onnx(_data(_\d+)?)?$/.test(resolve)) {
      res.writeHead(302, { location: `/content/${resolve}` });
      res.end();
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range && !this.ignoreRange ? Number(range[1]) : 0;
    if (start >= bytes.length && start > 0) {
      res.writeHead(416, { 'content-range': `bytes */${bytes.length}` });
      res.end();
      return;
    }
    const body = bytes.subarray(start);
    res.writeHead(start > 0 ? 206 : 200, {
      'content-length': String(body.length),
      ...(start > 0 ? { 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
    });
    if (file && this.cutOnce.delete(file)) {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      return;
    }
    res.end(body);
  }

  /** The Hub's tree listing of one folder: LFS entries (weights) carry the content's SHA-256, others their git blob id. */
  private answerListing(url: string, res: http.ServerResponse): void {
    const parsed = new URL(url, 'http://hub');
    const folder = decodeURIComponent(parsed.pathname.slice(`/api/models/${REPO}/tree/main`.length).replace(/^\//, ''));
    const entries = [...this.files.entries()]
      .filter(([file]) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '') === folder)
      .map(([file, bytes]) => {
        const listed = this.corrupt.has(file) ? Buffer.concat([bytes.subarray(0, -1), Buffer.from([bytes.at(-1)! ^ 1])]) : bytes;
        const sha1 = createHash('sha1').update(`blob ${listed.length}\0`).update(listed).digest('hex');
        const lfs = /\.onnx(_data(_\d+)?)?$/.test(file) ? { oid: createHash('sha256').update(listed).digest('hex'), size: listed.length, pointerSize: 134 } : undefined;
        return { type: 'file', oid: lfs ? 'f'.repeat(40) : sha1, size: lfs ? 134 : listed.length, path: file, ...(lfs ? { lfs } : {}) };
      });
    const cursor = Number(parsed.searchParams.get('cursor') ?? 0);
    const page = entries.slice(cursor, cursor + this.listingPageSize);
    const next = cursor + this.listingPageSize < entries.length ? { link: `<${parsed.pathname}?cursor=${cursor + this.listingPageSize}>; rel="next"` } : {};
    res.writeHead(200, { 'content-type': 'application/json', ...next });
    res.end(JSON.stringify([{ type: 'directory', oid: 'a'.repeat(40), size: 0, path: folder ? `${folder}/sub` : 'onnx' }, ...page]));
  }
}

