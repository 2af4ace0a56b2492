/**
 * What a change of each setting requires (after rust-analyzer's `requiresReloadOpts`), in one table the
 * configuration listener reads. No `vscode` import, so a unit test can hold it to package.json.
 * - `reloadModel`: the encoder is chosen and loaded again (the loaded one is released); the last result is stale.
 * - `recompute`: the last result no longer matches the settings; the next run (or density check) differs.
 * - `nothing`: read when used (where the output goes, prompts, the LLM's address); nothing on screen changes.
 */
export type SettingEffect = 'reloadModel' | 'recompute' | 'nothing';

export const SETTING_SECTION = 'codeContextCompressor';

export const SETTING_EFFECTS: Readonly<Record<string, SettingEffect>> = {
  budget: 'recompute',
  decoder: 'recompute',
  output: 'nothing',
  askForQuestion: 'nothing',
  maxFileSizeKB: 'recompute',
  exclude: 'recompute',
  redactSecrets: 'recompute',
  'llm.endpoint': 'nothing',
  'llm.provider': 'nothing',
  'llm.model': 'nothing',
  'llm.allowRemoteEndpoints': 'nothing',
  'llm.connectTimeoutSeconds': 'nothing',
  'llm.firstByteTimeoutSeconds': 'nothing',
  'llm.idleTimeoutSeconds': 'nothing',
  encoder: 'reloadModel',
  device: 'reloadModel',
  'scorer.endpoint': 'reloadModel',
  'scorer.protocol': 'reloadModel',
  gguf: 'reloadModel',
  // Read each time the idle timer is armed: a change applies from the next run on.
  encoderIdleMinutes: 'nothing',
  conditionalPerplexity: 'recompute',
  // Also matches a string left in the older `densityWarnings` key, which still counts (encoderSettings.ts).
  'densityWarnings.severity': 'recompute',
  'densityWarnings.exclude': 'recompute',
  modelHubEndpoint: 'nothing',
  offerEncoderDownloads: 'nothing',
  // The background indexer listens for it itself; a result does not depend on when files were analysed.
  'index.background': 'nothing',
};

const STRENGTH: Record<SettingEffect, number> = { nothing: 0, recompute: 1, reloadModel: 2 };

/** The strongest effect among the settings a change touches (`affects` says whether it touches one). */
export function strongestEffect(affects: (fullKey: string) => boolean): SettingEffect {
  let strongest: SettingEffect = 'nothing';
  for (const [key, effect] of Object.entries(SETTING_EFFECTS)) {
    if (STRENGTH[effect] > STRENGTH[strongest] && affects(`${SETTING_SECTION}.${key}`)) strongest = effect;
  }
  return strongest;
}
