import * as vscode from 'vscode';
import type { Logger } from '../engine';
import { plainText } from './notificationText';

/** The engine's Logger on top of the extension's one LogOutputChannel. */
export function engineLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
    debug: (m) => channel.debug(m),
  };
}

/** Shows an error with a "Show log" action; the full detail goes to the log. */
export async function showError(channel: vscode.LogOutputChannel, message: string, err?: unknown): Promise<void> {
  channel.error(err instanceof Error ? (err.stack ?? err.message) : message);
  const action = await vscode.window.showErrorMessage(plainText(message), 'Show log');
  if (action === 'Show log') channel.show(true);
}
