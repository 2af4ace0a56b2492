import * as vscode from 'vscode';
import { parseProvider, type Provider, type Timeouts } from '../engine';

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
  /** The connect, first-token and idle limits in ms; a setting left out (or not a positive number) keeps the default. */
  get timeouts(): Partial<Timeouts> {
    const ms = (key: string): number | undefined => {
      const s = this.raw.get<number>(key);
      return typeof s === 'number' && Number.isFinite(s) && s > 0 ? Math.round(s * 1000) : undefined;
    };
    const connectMs = ms('connectTimeoutSeconds');
    const firstByteMs = ms('firstByteTimeoutSeconds');
    const idleMs = ms('idleTimeoutSeconds');
    return { ...(connectMs ? { connectMs } : {}), ...(firstByteMs ? { firstByteMs } : {}), ...(idleMs ? { idleMs } : {}) };
  }
  async setModel(model: string): Promise<void> {
    const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await this.raw.update('model', model, target);
  }
}
