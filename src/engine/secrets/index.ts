/** Secret scanning and redaction: our own rules plus secretlint's recommended preset. */
export { redactText, redactSecrets, findSecrets } from './redact';
export { redactRequest } from './redactRequest';
export { RedactionMemo } from './redactionMemo';
export type { RequestRedaction } from './redactRequest';
export { applyFindings, describeRedaction, redactionMarker } from './apply';
export { isSecretName } from './names';
export { scanOwn } from './ownScanner';
export { scanSecretlint } from './secretlintScanner';
export type { RedactionResult, ScannerChoice, SecretFinding, SecretKind } from './types';
