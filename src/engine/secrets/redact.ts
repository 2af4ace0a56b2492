/** Finding and hiding secrets in one text: our own rules, secretlint's preset, or both (the default). */
import { applyFindings } from './apply';
import { scanOwn } from './ownScanner';
import { scanSecretlint } from './secretlintScanner';
import type { RedactionResult, ScannerChoice, SecretFinding } from './types';

export async function findSecrets(text: string, path?: string, scanners: ScannerChoice = 'both'): Promise<SecretFinding[]> {
  const own = scanners === 'secretlint' ? [] : scanOwn(text, path);
  const theirs = scanners === 'own' ? [] : await scanSecretlint(text, path);
  return [...own, ...theirs];
}

/** Every scanner chosen, markers in place of what they found, line structure kept. */
export async function redactText(text: string, path?: string, scanners: ScannerChoice = 'both'): Promise<RedactionResult> {
  return applyFindings(text, await findSecrets(text, path, scanners));
}

/** Our own rules only: synchronous, for short texts such as a question. */
export function redactSecrets(text: string, path?: string): RedactionResult {
  return applyFindings(text, scanOwn(text, path));
}
