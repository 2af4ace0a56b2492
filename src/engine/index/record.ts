import type { DensityReport } from '../density';
import type { DenseRegion } from '../density/regions';
import type { UnitForms } from '../pipeline/unitForms';
import { isFileFacts, type FileFacts } from '../relevance/storedFacts';
import type { Unit } from '../types';
import { CorruptRecordError, decodeChecked, encodeChecked } from './checkedFile';

export { CorruptRecordError };

/** A unit as stored: everything but its text, which is the file's text between two offsets. */
export type StoredUnit = Omit<Unit, 'text'> & { readonly from: number; readonly to: number };

/** What the index keeps of one file's analysis (for one key: content, language, grammar, tokenizer, engine). */
export interface FileRecord {
  /** The record's own key, checked on reading: a file left by another version or another key is not used. */
  readonly key: string;
  readonly errorLines: number;
  readonly units: readonly StoredUnit[];
  readonly forms: readonly UnitForms[];
  /** Density of each unit under one encoder (the last one used), with that encoder's key. */
  readonly density?: { readonly encoder: string; readonly reports: readonly DensityReport[] };
  /** The file's one dense region when it is generated, minified or data (null: it is none), from its text alone. */
  readonly wholeFile?: DenseRegion | null;
  /** What ranking needs of each unit's text (its words and identifiers): records written before it lack it. */
  readonly facts?: FileFacts;
}

/** First line of every record file: which format, so that a foreign or older file is told apart before parsing. */
const MAGIC = 'code-context-compressor index 1\n';

/** The bytes of a record file: the format line, a checksum of the body, the body. */
export function encodeRecord(record: FileRecord): string {
  return encodeChecked(MAGIC, record);
}

/**
 * A record read back, checked: the format line, the checksum (a write cut short, a flipped byte), the key it
 * was written for, and that its units fit the file's text. Throws CorruptRecordError otherwise.
 */
export function decodeRecord(data: string, key: string, textLength: number): FileRecord {
  const record = decodeChecked(data, MAGIC) as FileRecord;
  if (record.key !== key) throw new CorruptRecordError('written for another key');
  if (!Array.isArray(record.units) || !Array.isArray(record.forms) || record.units.length !== record.forms.length) throw new CorruptRecordError('malformed');
  let end = 0;
  for (const u of record.units) {
    if (u.from !== end || u.to < u.from || u.to > textLength) throw new CorruptRecordError('units do not fit the file');
    end = u.to;
  }
  if (end !== textLength) throw new CorruptRecordError('units do not cover the file');
  if (record.density && record.density.reports.length !== record.units.length) throw new CorruptRecordError('malformed density');
  if (record.facts !== undefined && !isFileFacts(record.facts, record.units.length)) throw new CorruptRecordError('malformed ranking facts');
  const whole = record.wholeFile;
  if (whole !== undefined && whole !== null && !(whole.startLine >= 1 && whole.endLine >= whole.startLine && typeof whole.message === 'string')) throw new CorruptRecordError('malformed region');
  return record;
}

/**
 * Units stored without their text: each unit's text is the file's text between two offsets (units partition the
 * file). Undefined when they do not (then the file is not stored: the index never guesses).
 */
export function storeUnits(units: readonly Unit[], fileText: string): StoredUnit[] | undefined {
  let from = 0;
  const stored: StoredUnit[] = [];
  for (const { text, ...rest } of units) {
    if (!fileText.startsWith(text, from)) return undefined;
    stored.push({ ...rest, from, to: from + text.length });
    from += text.length;
  }
  return from === fileText.length ? stored : undefined;
}

export function loadUnits(stored: readonly StoredUnit[], text: string): Unit[] {
  return stored.map(({ from, to, ...rest }) => ({ ...rest, text: text.slice(from, to) }));
}
