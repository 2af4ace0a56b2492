/** What a secret scanner reports: a range of the text to hide, and what it is. Pure data. */

/** A short name of the secret's format, shown in the marker and in counts ("aws-secret", "url-password"). */
export type SecretKind = string;

export interface SecretFinding {
  /** UTF-16 offsets into the scanned text, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly kind: SecretKind;
}

export interface RedactionResult {
  readonly text: string;
  readonly count: number;
  /** How many of each kind were redacted; kinds not found are absent. */
  readonly kinds: Readonly<Record<SecretKind, number>>;
}

/** Which scanners run: our own rules, secretlint's recommended preset, or both (the default). */
export type ScannerChoice = 'own' | 'secretlint' | 'both';
