import * as vscode from 'vscode';

/**
 * A folder with more files than this gets a notification with a Cancel button while its first index is built
 * (minutes on a large tree); smaller and later updates show in the status bar only, as VS Code's own background
 * work does (ProgressLocation.Window).
 */
export const LARGE_FOLDER_FILES = 500;

export type ProgressPlace = 'notification' | 'statusBar';

export function progressPlace(files: number, firstIndex: boolean): ProgressPlace {
  return firstIndex && files > LARGE_FOLDER_FILES ? 'notification' : 'statusBar';
}

/** "Indexing 3,197 files…" */
export function indexingTitle(files: number): string {
  return `Indexing ${files.toLocaleString('en-US')} ${files === 1 ? 'file' : 'files'}…`;
}

/**
 * Runs one indexing step under a progress of its place, counting files. `stop` is the indexer's own (held or
 * disposed); the notification's Cancel stops it too, and then `cancelled` is true.
 */
export async function withIndexProgress(
  place: ProgressPlace,
  files: number,
  stop: AbortSignal,
  work: (signal: AbortSignal, report: (done: number) => void) => Promise<void>,
): Promise<{ cancelled: boolean }> {
  const location = place === 'notification' ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
  return vscode.window.withProgress({ location, title: indexingTitle(files), cancellable: place === 'notification' }, async (progress, token) => {
    const controller = new AbortController();
    const onStop = (): void => controller.abort();
    stop.addEventListener('abort', onStop);
    const cancel = token.onCancellationRequested(() => controller.abort());
    if (stop.aborted) controller.abort();
    let reported = 0;
    const report = (done: number): void => {
      const increment = files > 0 ? ((done - reported) / files) * 100 : 0;
      reported = done;
      progress.report({ increment, message: `${done.toLocaleString('en-US')} of ${files.toLocaleString('en-US')}` });
    };
    try {
      await work(controller.signal, report);
      return { cancelled: false };
    } catch (err) {
      if (controller.signal.aborted && !stop.aborted) return { cancelled: true };
      throw err;
    } finally {
      cancel.dispose();
      stop.removeEventListener('abort', onStop);
    }
  });
}
