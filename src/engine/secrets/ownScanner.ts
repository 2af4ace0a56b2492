/** The project's own rules, run together over one text: synchronous, linear, no dependencies. */
import { scanAssignments } from './assignments';
import { scanConcatenations } from './concatenation';
import { fileKindOf } from './fileKind';
import { HEADER_RULES } from './headerRules';
import { scanKubernetesSecrets } from './kubernetes';
import { scanPrivateKeys } from './privateKeys';
import { runRegexRule } from './regexRule';
import { TOKEN_RULES } from './tokenRules';
import type { SecretFinding } from './types';
import { URL_RULES } from './urlRules';

export function scanOwn(text: string, path?: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  scanPrivateKeys(text, out);
  for (const rule of TOKEN_RULES) runRegexRule(rule, text, out);
  for (const rule of URL_RULES) runRegexRule(rule, text, out);
  for (const rule of HEADER_RULES) runRegexRule(rule, text, out);
  const kind = fileKindOf(path);
  scanAssignments(text, kind, out);
  if (kind === 'yaml') scanKubernetesSecrets(text, out);
  scanConcatenations(text, TOKEN_RULES, out);
  return out;
}
