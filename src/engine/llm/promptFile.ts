/**
 * Keeps the prompt of an Ask on disk while it is being sent, so that a refused, failing or silent server
 * loses nothing. The prompt holds the user's code: the folder is private (0700) and the file too (0600),
 * created exclusively under an unpredictable name, never in a world-writable folder directly.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import * as path from 'node:path';

export interface PromptFolders {
  /** Tried in order; the first that can be made private and written to is used. */
  readonly candidates: readonly string[];
  /** Last resort: a fresh private folder is created inside it (mkdtemp makes it 0700). */
  readonly tempRoot: string;
}

/** $XDG_STATE_HOME/code-context-compressor/prompts (~/.local/state/… by default), then ~/.cache/…. */
export function defaultPromptFolders(env: NodeJS.ProcessEnv, home: string, tempRoot: string): PromptFolders {
  const state = env.XDG_STATE_HOME || path.join(home, '.local', 'state');
  const cache = env.XDG_CACHE_HOME || path.join(home, '.cache');
  return { candidates: [path.join(state, 'code-context-compressor', 'prompts'), path.join(cache, 'code-context-compressor', 'prompts')], tempRoot };
}

export class PromptSaveError extends Error {
  constructor(readonly attempts: readonly string[]) {
    super(`the prompt could not be saved (${attempts.join('; ')})`);
    this.name = 'PromptSaveError';
  }
}

/** One prompt's file: the first save picks the folder and the name, later saves replace the content. */
export class PromptFile {
  private file: string | undefined;

  constructor(private readonly folders: PromptFolders) {}

  get path(): string | undefined {
    return this.file;
  }

  /** Writes the text; returns where. Throws PromptSaveError naming every folder tried and why it failed. */
  save(text: string): string {
    if (this.file) {
      replaceContent(this.file, text);
      return this.file;
    }
    const attempts: string[] = [];
    for (const dir of this.folders.candidates) {
      try {
        ensurePrivateFolder(dir);
        this.file = createExclusive(dir, text);
        return this.file;
      } catch (err) {
        attempts.push(`${dir}: ${reason(err)}`);
      }
    }
    try {
      const dir = mkdtempSync(path.join(this.folders.tempRoot, 'code-compress-'));
      this.file = createExclusive(dir, text);
      return this.file;
    } catch (err) {
      attempts.push(`${this.folders.tempRoot}: ${reason(err)}`);
    }
    throw new PromptSaveError(attempts);
  }

  /** After a complete answer the prompt is no longer needed. */
  remove(): void {
    if (!this.file) return;
    try {
      unlinkSync(this.file);
    } catch {
      // Already gone: nothing to clean up.
    }
    this.file = undefined;
  }
}

/** Creates the folder 0700 if missing; refuses one that is a link, not ours, or open to others. */
function ensurePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error('not a folder');
  if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new Error('owned by another user');
  if ((st.mode & 0o077) !== 0) throw new Error(`open to other users (mode ${(st.mode & 0o777).toString(8)})`);
}

function createExclusive(dir: string, text: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `prompt-${stamp}-${randomBytes(6).toString('hex')}.txt`);
  // 'wx': fails if anything (a planted link included) already has that name.
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return file;
}

/** Writes beside the file and renames over it, so a crash never leaves half a prompt. */
function replaceContent(file: string, text: string): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code ?? (err instanceof Error ? err.message : String(err));
}
