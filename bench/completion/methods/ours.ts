import { Compressor, type EngineAssets } from '../../../src/engine';
import { silentLogger } from '../../../src/engine/types';
import type { Case } from '../cases';
import type { Method } from './method';

/**
 * The project's compressor, as the extension calls it: the code before the cursor as the query, the cursor
 * region (the query's last lines, the same lines every baseline reserves) pinned. A fresh Compressor per call,
 * so that no call profits from the segmentation cache of an earlier budget.
 */
export class OursMethod implements Method {
  readonly name = 'ours';
  /** The encoder the engine reported (stats.encoder), so the report says what scored the units. */
  encoder = 'none';

  constructor(private readonly assets: EngineAssets, private readonly decoder: string) {}

  async prepare(): Promise<void> {}

  async run(c: Case, budget: number): Promise<string> {
    const compressor = new Compressor(this.assets, silentLogger);
    const result = await compressor.compress({
      files: c.files,
      query: c.prefix,
      // A question (as Ask sends it) has no code at a cursor to pin.
      pinned: c.question !== undefined ? [] : [{ path: c.targetPath, startLine: c.tailStartLine, endLine: c.prefixLines }],
      budget,
      decoder: this.decoder,
    });
    const stats: object = result.stats;
    if ('encoder' in stats && typeof stats.encoder === 'object' && stats.encoder !== null && 'id' in stats.encoder) this.encoder = String(stats.encoder.id);
    return result.text;
  }

  finish(): void {}
}
