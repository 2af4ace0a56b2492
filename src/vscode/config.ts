import * as vscode from 'vscode';
import { DEFAULT_DECODER } from '../engine';

export type OutputTarget = 'document' | 'clipboard';

const SECTION = 'codeContextCompressor';

/** Typed settings, re-read on every access so that changes apply without a reload. */
export class Config {
  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }
  get budget(): number {
    return Math.max(16, Math.floor(this.raw.get<number>('budget', 4000)));
  }
  get decoder(): string {
    return this.raw.get<string>('decoder', DEFAULT_DECODER);
  }
  get output(): OutputTarget {
    return this.raw.get<string>('output', 'document') === 'clipboard' ? 'clipboard' : 'document';
  }
  /** Whether "Compress context" asks for an optional question (arguments and the budget command can still give one). */
  get askForQuestion(): boolean {
    return this.raw.get<boolean>('askForQuestion', true);
  }
  get maxFileBytes(): number {
    return Math.max(1, this.raw.get<number>('maxFileSizeKB', 1024)) * 1024;
  }
  static affects(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(SECTION);
  }
}
