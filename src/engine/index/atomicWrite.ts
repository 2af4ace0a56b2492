import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { StoreIo } from './diskStore';

/**
 * Writes a file so that a reader sees the whole of it or nothing, whichever process wrote it: to a temporary file
 * beside it (`.<name>.<pid>.<random>.tmp`, created exclusively), then renamed into place. On failure the temporary
 * file is removed and the error thrown; one left by a process killed mid-write ends in `.tmp` for sweeps to find.
 */
export async function writeAtomically(io: StoreIo, file: string, data: string, mode?: number): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await io.writeFile(temp, data, mode !== undefined ? { flag: 'wx', mode } : { flag: 'wx' });
    await io.rename(temp, file);
  } catch (err) {
    await io.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}
