/** Line and identifier helpers shared by case building, gold, baselines and metrics. */

/** Lines with their line ends kept, so that joining them gives the text back. */
export function splitKeepEnds(text: string): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g);
  return lines ?? [];
}

/** Blank lines and lines of only brackets and separators carry nothing a completion could imitate. */
export function isTrivialLine(line: string): boolean {
  return /^[\s{}()[\];,]*$/.test(line);
}

export function identifiers(text: string): string[] {
  return text.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? [];
}

/** Lower-cased identifier sub-tokens: `parseHTTPRequest_v2` → parse, http, request, v2. */
export function subTokens(text: string): string[] {
  const out: string[] = [];
  for (const id of identifiers(text)) {
    for (const part of id.split(/[_$]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)) {
      if (part.length > 1) out.push(part.toLowerCase());
    }
  }
  return out;
}

/** Comment and decorator lines: they sit above a declaration but are not its signature. */
export function isCommentLine(line: string): boolean {
  // `#` starts a Python comment or a Rust attribute, but `#define` is a C macro's definition.
  return /^\s*(\/\/|\/\*|\*|#(?!\s*define\b)|"""|'''|@|\/\/\/)/.test(line);
}

/** A signature as it must appear in an output: trimmed, without the body opener a skeleton may rewrite. */
export function signatureCore(line: string): string {
  return line.trim().replace(/\s*[{:]\s*$/, '').trim();
}

/** Deterministic 32-bit PRNG (mulberry32): the same seed gives the same cases on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
