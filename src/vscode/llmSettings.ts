import * as vscode from 'vscode';
import { parseProvider, type Provider } from '../engine';

const SECTION = 'codeContextCompressor.llm';

/** Settings of the local LLM, re-read on every access. */
export class LlmSettings {
  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }
  /** Empty means the provider's default loopback endpoint. */
  get endpoint(): string | undefined {
    return this.raw.get<string>('endpoint', '').trim() || undefined;
  }
  get provider(): Provider | undefined {
    return parseProvider(this.raw.get<string>('provider', 'auto'));
  }
  get model(): string | undefined {
    return this.raw.get<string>('model', '').trim() || undefined;
  }
  get allowRemote(): boolean {
    return this.raw.get<boolean>('allowRemoteEndpoints', false);
  }
  async setModel(model: string): Promise<void> {
    const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await this.raw.update('model', model, target);
  }
}
