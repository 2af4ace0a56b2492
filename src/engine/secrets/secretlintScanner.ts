/**
 * secretlint's recommended rule preset, run as a library on one text at a time. It knows many vendors'
 * formats and their documented examples; our own rules (ownScanner) cover what it does not. Loaded on first
 * use: most runs of the CLI on ordinary code pay for it once.
 */
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretFinding } from './types';

const RULE_PREFIX = '@secretlint/secretlint-rule-';
// secretlint's profiler is on by default: it marks every rule on every file and keeps the entries for ever,
// which over a large tree costs time and grows memory without bound.
secretLintProfiler.setEnabled(false);
const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset }] };

export async function scanSecretlint(text: string, path = 'input.txt'): Promise<SecretFinding[]> {
  const dot = path.lastIndexOf('.');
  const result = await lintSource({
    source: { content: text, filePath: path, ext: dot > path.lastIndexOf('/') ? path.slice(dot) : '', contentType: 'text' },
    options: { config, maskSecrets: false },
  });
  return result.messages
    .filter((m) => m.range[1] > m.range[0])
    .map((m) => {
      const [start, end] = locate(text, m.range, m.data);
      return { start, end, kind: m.ruleId.startsWith(RULE_PREFIX) ? m.ruleId.slice(RULE_PREFIX.length) : m.ruleId };
    });
}

/**
 * Where the secret really is. Some rules report the start of the whole match with the length of the secret
 * (the AWS secret key rule points at the variable name and leaves the key's tail out), so the range is only a
 * hint: the longest value the rule reports in `data` is looked up at and after it, and when that fails the
 * range is widened to the token it touches.
 */
function locate(text: string, range: readonly [number, number], data: unknown): [number, number] {
  const values = data && typeof data === 'object' ? Object.values(data).filter((v): v is string => typeof v === 'string' && v.length >= 6) : [];
  const value = values.sort((a, b) => b.length - a.length)[0];
  if (value) {
    const at = text.indexOf(value, Math.max(0, range[0] - value.length));
    if (at !== -1 && at <= range[1] + 500) return [at, at + value.length];
  }
  let start = range[0];
  let end = range[1];
  while (start > 0 && TOKEN_CHAR.test(text[start - 1] ?? '')) start--;
  while (end < text.length && TOKEN_CHAR.test(text[end] ?? '')) end++;
  return [start, end];
}

const TOKEN_CHAR = /[A-Za-z0-9+/=_.~-]/;
