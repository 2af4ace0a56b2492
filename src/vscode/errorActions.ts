import * as vscode from 'vscode';
import { plainText } from './notificationText';

export interface Fixes {
  /** Runs the failed action again. */
  readonly retry?: () => unknown;
  /** Settings search query that shows the settings behind the failure. */
  readonly settings?: string;
}

/**
 * An error notification with the actions that fix it: Retry, Open settings (the relevant ones), Show log
 * (the detail). The message is plain text: notifications render no Markdown, so backticks would show.
 */
export async function showFixableError(log: vscode.LogOutputChannel, message: string, fixes: Fixes, err?: unknown): Promise<void> {
  log.error(err instanceof Error ? (err.stack ?? err.message) : message);
  const actions = [...(fixes.retry ? ['Retry'] : []), ...(fixes.settings ? ['Open settings'] : []), 'Show log'];
  const choice = await vscode.window.showErrorMessage(plainText(message), ...actions);
  if (choice === 'Retry') await fixes.retry?.();
  else if (choice === 'Open settings') await vscode.commands.executeCommand('workbench.action.openSettings', fixes.settings);
  else if (choice === 'Show log') log.show(true);
}
