import * as vscode from 'vscode';
import { DEFAULT_DECODER, MIN_BUDGET } from '../engine';
import type { BackgroundIndexing } from './backgroundIndexer';
import { EncoderSettings } from './encoderSettings';
import { LlmSettings } from './llmSettings';
import { SETTING_SECTION, strongestEffect, type SettingEffect } from './settingEffects';

export type OutputTarget = 'document' | 'clipboard';

/**
 * Every setting, typed, re-read on every access so that changes apply without a reload. The LLM's and the
 * encoder's settings are sections of it; what a change of each requires is in settingEffects.ts.
 */
export class Config {
  readonly llm = new LlmSettings();
  readonly encoder = new EncoderSettings();

  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SETTING_SECTION);
  }
  get budget(): number {
    return Math.max(MIN_BUDGET, Math.floor(this.raw.get<number>('budget', 4000)));
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
  /** Whether secrets are replaced by markers in what Compress shows and copies (Ask always redacts). */
  get redactSecrets(): boolean {
    return this.raw.get<boolean>('redactSecrets', true);
  }
  /** What the analysis index does between compressions (backgroundIndexer.ts). */
  get indexBackground(): BackgroundIndexing {
    const v = this.raw.get<string>('index.background', 'afterCompress');
    return v === 'workspace' || v === 'off' ? v : 'afterCompress';
  }
  get offerEncoderDownloads(): boolean {
    return this.raw.get<boolean>('offerEncoderDownloads', true);
  }

  /** What a configuration change requires of the extension (the strongest among the settings it touches). */
  static effectOf(event: vscode.ConfigurationChangeEvent): SettingEffect {
    return strongestEffect((key) => event.affectsConfiguration(key));
  }
}
