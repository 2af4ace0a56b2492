/**
 * Where ours' budget goes on the completion cases, and which gold definitions it loses (issue 17): per case at
 * one budget, the tokens kept at each level, each missing gold definition with the level and relevance its unit
 * got, and the kept bodies that cost most. `node out/bench/completion/profile.js --budget 4000 --langs go --cases 4`.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Compressor } from '../../src/engine';
import { TreeSitterRuntime } from '../../src/engine/segment/treeSitter';
import { loadTokenCounter } from '../../src/engine/tokenize/tokenCounter';
import { silentLogger, type Slot } from '../../src/engine/types';
import { findRepoRoot } from '../repoRoot';
import { buildCases, CorpusIndex } from './cases';
import { CORPORA, loadCorpus } from './corpora';
import { score } from './metrics';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { budget: { type: 'string' }, langs: { type: 'string' }, cases: { type: 'string' }, seed: { type: 'string' }, top: { type: 'string' } } });
  const budget = Number(values.budget ?? 4000);
  const langs = (values.langs ?? '').split(',').filter((s) => s);
  const repoRoot = findRepoRoot(__dirname);
  const assets = { wasmDir: path.join(repoRoot, 'dist/assets/wasm'), tokenizersDir: path.join(repoRoot, 'dist/assets/tokenizers') };
  const counter = await loadTokenCounter(assets.tokenizersDir, 'qwen2.5');
  const runtime = new TreeSitterRuntime(assets.wasmDir);
  const top = Number(values.top ?? 6);
  for (const spec of CORPORA) {
    if (langs.length > 0 && !langs.includes(spec.lang)) continue;
    const index = new CorpusIndex(spec, loadCorpus(repoRoot, spec), runtime, counter);
    const cases = await buildCases(index, Number(values.cases ?? 12), Number(values.seed ?? 1), runtime, counter);
    for (const c of cases) {
      const compressor = new Compressor({ ...assets, encoders: { builtinDir: path.join(repoRoot, 'dist/assets/models/builtin') } }, silentLogger);
      const result = await compressor.compress({
        files: c.files,
        query: c.prefix,
        pinned: [{ path: c.targetPath, startLine: c.tailStartLine, endLine: c.prefixLines }],
        budget,
        decoder: 'qwen2.5-coder-7b',
      });
      const s = score(c, result.text);
      const byLevel = new Map<string, number>();
      for (const sl of result.slots) if (sl.tokens > 0) byLevel.set(sl.pinned ? 'pinned' : sl.level, (byLevel.get(sl.pinned ? 'pinned' : sl.level) ?? 0) + sl.tokens);
      console.log(`\n== ${c.id} sig ${(s.signatureRecall * 100).toFixed(0)} body ${(s.bodyRecall * 100).toFixed(0)} | ${[...byLevel].map(([l, t]) => `${l} ${t}`).join(', ')}`);
      const slotAt = (p: string, line: number): Slot | undefined => result.slots.find((sl) => sl.path === p && sl.startLine <= line && line <= sl.endLine);
      const rels = result.slots.filter((sl) => !sl.pinned).map((sl) => sl.relevance).sort((a, b) => b - a);
      const rankOf = (r: number) => rels.findIndex((x) => x <= r);
      const single = { ...c, gold: { ...c.gold, bodies: [] } };
      for (const g of c.gold.signatures) {
        const kept = score({ ...single, gold: { signatures: [g], bodies: [] } }, result.text).signatureRecall === 1;
        const sl = slotAt(g.path, g.line);
        console.log(`  ${kept ? '+' : '-'} [${g.kind}] ${g.path}:${g.line} ${g.core.join(' ').slice(0, 70)} | ${sl ? `${sl.kind} ${sl.name ?? ''} ${sl.level} rel ${sl.relevance.toFixed(3)} rank ${rankOf(sl.relevance)} orig ${sl.originalTokens}` : 'no slot'}`);
      }
      const bodies = result.slots.filter((sl) => !sl.pinned && sl.level !== 'signature' && sl.tokens > 0).sort((a, b) => b.tokens - a.tokens).slice(0, top);
      for (const b of bodies) console.log(`    body ${b.level} ${b.tokens} tok ${b.path}:${b.startLine} ${b.kind} ${b.name ?? ''} rel ${b.relevance.toFixed(3)}`);
      const gb = c.gold.bodies.map((b) => `${b.path}:${b.name}`).join(', ');
      console.log(`    gold bodies: ${gb}`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
