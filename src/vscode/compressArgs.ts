import * as vscode from 'vscode';
import { isValidBudget, MIN_BUDGET } from '../engine';

export type ScopeKind = 'openEditors' | 'currentFile' | 'symbols' | 'selection' | 'folder';

export const SCOPE_KINDS: readonly ScopeKind[] = ['openEditors', 'currentFile', 'symbols', 'selection', 'folder'];

/**
 * The argument object of `codeContextCompressor.compress` (tests, keybindings, menus). Every field it sets
 * answers one prompt, which is then skipped.
 */
export interface CompressArgs {
  readonly scope?: ScopeKind;
  /** For `symbols`: names ("computeInvoiceTotal") or qualified names ("OrderService.place"). */
  readonly symbols?: readonly string[];
  /** For `folder`: the folder; a list of files and folders is also accepted (the explorer's selection). */
  readonly folder?: vscode.Uri;
  readonly resources?: readonly vscode.Uri[];
  /** Joins the query; '' means "no question" without asking. */
  readonly question?: string;
  readonly budget?: number;
  /** The result editor takes the focus (by default the focus stays in the code). */
  readonly focus?: boolean;
}

export class InvalidArgumentsError extends Error {
  constructor(detail: string) {
    super(`Invalid arguments for Compress context: ${detail}. Expected {scope?: ${SCOPE_KINDS.join(' | ')}, symbols?: string[], folder?: Uri, question?: string, budget?: number, focus?: boolean}.`);
    this.name = 'InvalidArgumentsError';
  }
}

function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value !== 'string' || value.length === 0) return undefined;
  // A plain path (keybinding args are JSON) or a URI string.
  return /^[a-zA-Z][\w+.-]+:/.test(value) && !/^[a-zA-Z]:[\\/]/.test(value) ? vscode.Uri.parse(value) : vscode.Uri.file(value);
}

/** Checks an argument that arrives from outside (keybinding JSON, other extensions): nothing is trusted. */
export function parseCompressArgs(value: unknown): CompressArgs {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw new InvalidArgumentsError(`got ${typeof value}`);
  const raw = value as Record<string, unknown>;
  const args: { -readonly [K in keyof CompressArgs]: CompressArgs[K] } = {};
  if (raw.scope !== undefined) {
    if (typeof raw.scope !== 'string' || !(SCOPE_KINDS as readonly string[]).includes(raw.scope)) throw new InvalidArgumentsError(`unknown scope ${JSON.stringify(raw.scope)}`);
    args.scope = raw.scope as ScopeKind;
  }
  if (raw.symbols !== undefined) {
    if (!Array.isArray(raw.symbols) || !raw.symbols.every((s): s is string => typeof s === 'string' && s.length > 0)) throw new InvalidArgumentsError('symbols must be a list of names');
    args.symbols = raw.symbols;
  }
  if (raw.folder !== undefined) {
    const folder = toUri(raw.folder);
    if (!folder) throw new InvalidArgumentsError('folder must be a Uri or a path');
    args.folder = folder;
  }
  if (raw.resources !== undefined) {
    const list = Array.isArray(raw.resources) ? raw.resources.map(toUri) : [];
    if (list.length === 0 || list.some((u) => u === undefined)) throw new InvalidArgumentsError('resources must be a list of Uris or paths');
    args.resources = list as vscode.Uri[];
  }
  if (raw.question !== undefined) {
    if (typeof raw.question !== 'string') throw new InvalidArgumentsError('question must be a string');
    args.question = raw.question;
  }
  if (raw.budget !== undefined) {
    if (typeof raw.budget !== 'number' || !isValidBudget(raw.budget)) throw new InvalidArgumentsError(`budget must be a whole number of tokens, at least ${MIN_BUDGET}`);
    args.budget = raw.budget;
  }
  if (raw.focus !== undefined) {
    if (typeof raw.focus !== 'boolean') throw new InvalidArgumentsError('focus must be true or false');
    args.focus = raw.focus;
  }
  return args;
}
