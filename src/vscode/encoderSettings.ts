import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EncoderLocations } from '../engine';

const SECTION = 'codeContextCompressor';

export type DensityWarnings = 'warning' | 'information' | 'off';
type Device = 'auto' | 'cpu' | 'cuda' | 'webgpu' | 'dml' | 'coreml';
const DEVICES: readonly Device[] = ['auto', 'cpu', 'cuda', 'webgpu', 'dml', 'coreml'];

/** Encoder and entropy settings, re-read on every access. */
export class EncoderSettings {
  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }
  /** `auto` (matched to the decoder) or an encoder id from the registry. */
  get encoder(): string {
    return this.raw.get<string>('encoder', 'auto').trim() || 'auto';
  }
  get device(): Device {
    const d = this.raw.get<string>('device', 'auto');
    return (DEVICES as readonly string[]).includes(d) ? (d as Device) : 'auto';
  }
  get conditionalPerplexity(): 'auto' | 'on' | 'off' {
    const v = this.raw.get<string>('conditionalPerplexity', 'auto');
    return v === 'on' || v === 'off' ? v : 'auto';
  }
  /** A vLLM/SGLang scoring server; undefined when none is set. Remote hosts need the LLM path's consent setting. */
  get scorer(): { endpoint: string; protocol: 'vllm' | 'sglang'; allowRemote: boolean } | undefined {
    const endpoint = this.raw.get<string>('scorer.endpoint', '').trim();
    if (!endpoint) return undefined;
    const protocol = this.raw.get<string>('scorer.protocol', 'vllm') === 'sglang' ? 'sglang' : 'vllm';
    return { endpoint, protocol, allowRemote: this.raw.get<boolean>('llm.allowRemoteEndpoints', false) };
  }
  /** A GGUF path or Ollama model name; undefined when none is set. */
  get gguf(): string | undefined {
    return this.raw.get<string>('gguf', '').trim() || undefined;
  }
  /** Milliseconds without scoring before a loaded model is released; 0 keeps it. */
  get encoderIdleMs(): number {
    const minutes = this.raw.get<number>('encoderIdleMinutes', 10);
    return typeof minutes === 'number' && Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 0;
  }
  /**
   * `densityWarnings.severity`. A string left in `densityWarnings` by an older version still counts: VS Code then
   * ignores every `densityWarnings.*` key (a setting cannot be both a value and a section).
   */
  get densityWarnings(): DensityWarnings {
    const legacy = this.raw.get<unknown>('densityWarnings');
    const v = typeof legacy === 'string' ? legacy : this.raw.get<string>('densityWarnings.severity', 'information');
    return v === 'warning' || v === 'off' ? v : 'information';
  }
  static affects(event: vscode.ConfigurationChangeEvent): boolean {
    return ['encoder', 'device', 'conditionalPerplexity', 'densityWarnings', 'decoder', 'scorer', 'gguf'].some((k) => event.affectsConfiguration(`${SECTION}.${k}`));
  }
}

/** Where the extension's encoders live: the shipped n-gram model, and downloads in global storage. */
export function encoderLocations(extension: vscode.ExtensionContext, settings: EncoderSettings): EncoderLocations {
  const assets = path.join(extension.extensionPath, 'dist', 'assets');
  return {
    builtinDir: path.join(assets, 'models', 'builtin'),
    // The same folder the download command fills (encoderModels.ts).
    cacheDir: path.join(extension.globalStorageUri.fsPath, 'models'),
    onnxRuntimeBinding: path.join(assets, 'onnxruntime', `${process.platform}-${process.arch}`, 'onnxruntime_binding.node'),
    idleReleaseMs: () => settings.encoderIdleMs,
    preference: () => {
      const scorer = settings.scorer;
      const gguf = settings.gguf;
      return { forced: settings.encoder, device: settings.device, conditionalPerplexity: settings.conditionalPerplexity, ...(scorer ? { scorer } : {}), ...(gguf ? { gguf } : {}) };
    },
  };
}
