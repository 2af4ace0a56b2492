/**
 * The glob the "Don't warn for files like this" quick fix adds: files named like this one by a build or generator
 * convention (`**\/*.min.js`, `**\/*.pb.go`, `**\/*_pb2.py`); else the folder, when the file sits in a folder where
 * nobody edits code (vendor/, dist/, generated/…); else the file itself — never an ordinary source folder, whose
 * other files deserve their warnings.
 */

/** Name endings that generators and bundlers use. */
const CONVENTIONS = [/(\.min\.[a-z0-9]+)$/i, /(\.pb\.[a-z0-9]+)$/i, /(\.g\.[a-z0-9]+)$/i, /(\.generated\.[a-z0-9]+)$/i, /(_pb2(?:_grpc)?\.pyi?)$/i, /(_pb\.(?:js|ts|d\.ts))$/i, /(_string\.go)$/i, /(\.bundle\.[a-z0-9]+)$/i];
/** Folders that hold third-party, built or generated code. */
const UNEDITED_FOLDERS = new Set(['vendor', 'vendored', 'third_party', 'third-party', 'thirdparty', 'dist', 'build', 'out', 'generated', 'gen', '__generated__', 'node_modules', 'target', 'lib-cov']);

/** `relativePath` is workspace-relative with forward slashes. */
export function densityExcludeGlob(relativePath: string): string {
  const parts = relativePath.split('/');
  const name = parts[parts.length - 1] ?? relativePath;
  for (const re of CONVENTIONS) {
    const m = re.exec(name);
    if (m?.[1] && m[1].length < name.length) return `**/*${m[1]}`;
  }
  for (let i = parts.length - 2; i >= 0; i--) {
    if (UNEDITED_FOLDERS.has((parts[i] ?? '').toLowerCase())) return `${parts.slice(0, i + 1).join('/')}/**`;
  }
  return relativePath;
}
