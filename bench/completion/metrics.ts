import type { Case } from './cases';
import type { DefinitionKind } from './segments';
import { splitKeepEnds } from './text';

export interface Score {
  /** Share of gold signatures whose signature line appears intact at the start of an output line. */
  readonly signatureRecall: number;
  /** Share of the similar bodies' non-trivial lines found in the output (each output line matches once). */
  readonly bodyRecall: number;
  /** Whether the query's last lines appear in the output, in one piece. */
  readonly querySurvives: boolean;
  /** Per kind of definition: gold signatures that survived, and how many there were. */
  readonly signatureKinds: Partial<Record<DefinitionKind, readonly [number, number]>>;
}

export function score(c: Case, output: string): Score {
  const lines = splitKeepEnds(output).map((l) => l.trim());
  const nonBlank = lines.filter((l) => l.length > 0);
  const intact = (core: readonly string[]) => nonBlank.some((_, i) => core.every((part, k) => (nonBlank[i + k] ?? '').startsWith(part)));
  const signatureKinds: Partial<Record<DefinitionKind, [number, number]>> = {};
  let sigHits = 0;
  for (const s of c.gold.signatures) {
    const hit = intact(s.core);
    const counts = (signatureKinds[s.kind] ??= [0, 0]);
    counts[1]++;
    if (hit) {
      counts[0]++;
      sigHits++;
    }
  }
  const available = new Map<string, number>();
  for (const l of lines) available.set(l, (available.get(l) ?? 0) + 1);
  let wanted = 0;
  let found = 0;
  for (const b of c.gold.bodies) {
    for (const l of b.lines) {
      wanted++;
      const n = available.get(l) ?? 0;
      if (n > 0) {
        found++;
        available.set(l, n - 1);
      }
    }
  }
  return {
    signatureRecall: c.gold.signatures.length > 0 ? sigHits / c.gold.signatures.length : 1,
    bodyRecall: wanted > 0 ? found / wanted : 1,
    querySurvives: output.includes(c.tail.trimEnd()),
    signatureKinds,
  };
}
