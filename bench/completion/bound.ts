/**
 * How far any split between a signature ranking and a body ranking can go, even one chosen per case with
 * hindsight (knowing the gold). Each case is run at several shares of the budget given to signature lines (the
 * rest to whole bodies); a planner that picks a share per case, however cleverly, reaches one of these points in
 * every case, so its means lie in the region this bounds.
 */

/** One case's recalls (0–1) at one share of the budget. */
export interface SplitPoint {
  readonly sig: number;
  readonly body: number;
}

/** The mean point reached when every case takes its best split for sig + λ·body. */
export interface FrontierPoint extends SplitPoint {
  readonly lambda: number;
}

/** Weights of body recall against signature recall, from "signatures only" (0) through 0.01 … 1000 in steps of 2^¼. */
export const LAMBDAS: readonly number[] = [0, ...Array.from({ length: 67 }, (_, k) => Number((0.01 * Math.pow(2, k / 4)).toPrecision(3)))];

/**
 * For each λ, every case takes the split with the most sig + λ·body (ties to more signatures) and the means are
 * taken. `byCase[c][k]` is case c at share k.
 */
export function hindsightFrontier(byCase: readonly (readonly SplitPoint[])[], lambdas: readonly number[] = LAMBDAS): FrontierPoint[] {
  return lambdas.map((lambda) => {
    let sig = 0;
    let body = 0;
    for (const options of byCase) {
      let best: SplitPoint | undefined;
      for (const p of options) {
        const v = p.sig + lambda * p.body;
        const b = best ? best.sig + lambda * best.body : -Infinity;
        if (!best || v > b + 1e-12 || (Math.abs(v - b) <= 1e-12 && p.sig > best.sig)) best = p;
      }
      sig += best?.sig ?? 0;
      body += best?.body ?? 0;
    }
    const n = Math.max(byCase.length, 1);
    return { lambda, sig: sig / n, body: body / n };
  });
}

/**
 * Whether a mean point with signature recall ≥ `minSig` and body recall > `minBody` is out of reach of every
 * per-case choice of split: it is when, for some λ, minSig + λ·minBody is at least the most any choice can reach
 * for sig + λ·body (each case at its best split for that λ, which is what the frontier point holds). Returns that
 * λ (the certificate), or undefined when no λ of the frontier rules the point out.
 */
export function ruledOutBy(frontier: readonly FrontierPoint[], minSig: number, minBody: number): number | undefined {
  for (const p of frontier) {
    // With λ = 0 only signatures count, and reaching minSig exactly is allowed.
    const out = p.lambda === 0 ? minSig > p.sig + 1e-12 : minSig + p.lambda * minBody >= p.sig + p.lambda * p.body - 1e-12;
    if (out) return p.lambda;
  }
  return undefined;
}

/** The most body recall among frontier points with at least `minSig` signature recall (undefined if none). */
export function bestBodyWithSignatures(frontier: readonly SplitPoint[], minSig: number): number | undefined {
  let best: number | undefined;
  for (const p of frontier) if (p.sig >= minSig - 1e-12 && (best === undefined || p.body > best)) best = p.body;
  return best;
}
