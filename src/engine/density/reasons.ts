/** Why a piece of code counts as dense: one reason per detector that fired, each with its own sentence. */
export type DensityReasonCode = 'high-entropy' | 'minified' | 'base64-blob' | 'hex-blob' | 'numeric-table' | 'data-table' | 'generated';

export interface DensityReason {
  readonly code: DensityReasonCode;
  /** One sentence: the evidence (the Problems panel, the Diagnostics view and the CLI all show it). */
  readonly message: string;
  /** 1-based line within the analysed text where the evidence starts, when there is one. */
  readonly line?: number;
}
