/**
 * Kubernetes Secret manifests: every value under `data:` (base64) or `stringData:` of a document whose kind is
 * Secret is a secret, whatever its key is called.
 */
import type { SecretFinding } from './types';

const BLOCK = /^([ \t]*)(?:data|stringData):[ \t]*$/gm;

export function scanKubernetesSecrets(text: string, out: SecretFinding[]): void {
  if (!/^kind:[ \t]*["']?Secret["']?[ \t]*$/m.test(text)) return;
  for (const doc of documents(text)) {
    if (!/^kind:[ \t]*["']?Secret["']?[ \t]*$/m.test(doc.text)) continue;
    BLOCK.lastIndex = 0;
    for (let m = BLOCK.exec(doc.text); m !== null; m = BLOCK.exec(doc.text)) {
      const indent = (m[1] ?? '').length;
      let pos = m.index + m[0].length + 1;
      while (pos < doc.text.length) {
        const eol = doc.text.indexOf('\n', pos);
        const line = doc.text.slice(pos, eol === -1 ? doc.text.length : eol);
        const entry = /^([ \t]*)[^\s:#][^:]{0,250}:[ \t]+(["']?)([^\n]*?)\2[ \t]*$/.exec(line);
        if (line.trim() !== '' && (entry === null || (entry[1] ?? '').length <= indent)) break;
        if (entry && entry[3]) {
          const start = doc.start + pos + line.indexOf(entry[3], line.indexOf(':') + 1);
          out.push({ start, end: start + entry[3].length, kind: 'k8s-secret' });
        }
        if (eol === -1) break;
        pos = eol + 1;
      }
    }
  }
}

/** The YAML documents of a stream, split at `---` lines. */
function documents(text: string): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  const re = /^---[^\n]*$/gm;
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push({ start, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  out.push({ start, text: text.slice(start) });
  return out;
}
