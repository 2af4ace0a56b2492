import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, downloadEncoderModel, encoderEntries, findEncoder, formatTokens, type EncoderEntry } from '../engine';
import type { Ctx } from './ctx';

const DECLINED_KEY = 'codeContextCompressor.declinedEncoderDownloads';
/** Offered at most once per session each, whatever the answer. */
const offeredThisSession = new Set<string>();

/** The folder downloaded encoders live in: the user can open it and clear it from the palette. */
export function modelCacheDir(ctx: Ctx): string {
  return path.join(ctx.extension.globalStorageUri.fsPath, 'models');
}

function hubEndpoint(): string {
  return vscode.workspace.getConfiguration('codeContextCompressor').get<string>('modelHubEndpoint', 'https://huggingface.co').trim() || 'https://huggingface.co';
}

function sizeOf(entry: EncoderEntry): string {
  const bytes = entry.source.kind === 'huggingface' ? entry.source.approxBytes : undefined;
  return bytes ? `${formatTokens(Math.round(bytes / 1e6))} MB` : '';
}

/** Downloads a neural encoder into the cache with a cancellable progress notification; returns its folder. */
export async function downloadEncoder(ctx: Ctx, id?: string): Promise<string | undefined> {
  const downloadable = encoderEntries().filter((e) => e.source.kind === 'huggingface');
  let entry = id ? findEncoder(id) : undefined;
  if (!entry) {
    const pick = await vscode.window.showQuickPick(
      downloadable.map((e) => ({ label: e.name, description: `${e.domain} · ${sizeOf(e)} · ${e.license}`, detail: e.source.kind === 'huggingface' ? e.source.repo : '', entry: e })),
      { title: 'Download encoder model', placeHolder: 'Encoders matched to your decoder come first in automatic matching' },
    );
    entry = pick?.entry;
  }
  if (!entry) return undefined;
  const chosen = entry;
  try {
    const dir = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Downloading ${chosen.name}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        let reported = 0;
        try {
          return await downloadEncoderModel(chosen, {
            cacheDir: modelCacheDir(ctx),
            endpoint: hubEndpoint(),
            signal: controller.signal,
            onProgress: (p) => {
              const pct = p.overallTotal ? Math.min(100, (100 * p.overallLoaded) / p.overallTotal) : 0;
              progress.report({ message: `${p.file} (${p.fileIndex + 1}/${p.files})`, increment: pct - reported });
              reported = pct;
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    ctx.log.info(`Downloaded ${chosen.id} to ${dir}.`);
    void vscode.window.showInformationMessage(`${chosen.name} is ready (${dir}). Automatic matching now uses it where it fits the decoder.`);
    return dir;
  } catch (err) {
    if (err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError')) return undefined;
    ctx.log.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    void vscode.window.showErrorMessage(`Downloading ${chosen.name} failed: ${err instanceof Error ? err.message : String(err)}. Check the network or the setting codeContextCompressor.modelHubEndpoint.`);
    return undefined;
  }
}

/**
 * After a run whose best-matched encoder is not installed: offers, once per encoder, to download it.
 * Nothing is downloaded without a click.
 */
export async function offerBetterEncoder(ctx: Ctx, suggestion: string | undefined, decoder: string): Promise<void> {
  const entry = suggestion ? findEncoder(suggestion) : undefined;
  if (!entry || entry.source.kind !== 'huggingface') return;
  const declined = ctx.extension.globalState.get<string[]>(DECLINED_KEY, []);
  if (declined.includes(entry.id) || offeredThisSession.has(entry.id)) return;
  offeredThisSession.add(entry.id);
  const choice = await vscode.window.showInformationMessage(
    `${entry.name} matches ${decoder} better than the built-in encoder. Download it (${sizeOf(entry)})?`,
    'Download',
    'Not now',
    "Don't ask again",
  );
  if (choice === 'Download') await downloadEncoder(ctx, entry.id);
  else if (choice === "Don't ask again") await ctx.extension.globalState.update(DECLINED_KEY, [...declined, entry.id]);
}

export async function openCache(ctx: Ctx): Promise<void> {
  const dir = vscode.Uri.file(modelCacheDir(ctx));
  await vscode.workspace.fs.createDirectory(dir);
  await vscode.commands.executeCommand('revealFileInOS', dir).then(undefined, () => vscode.env.openExternal(dir));
}

/** Deletes every downloaded encoder (after confirmation unless `{force: true}`). */
export async function clearCache(ctx: Ctx, args: unknown): Promise<boolean> {
  const force = typeof args === 'object' && args !== null && (args as { force?: unknown }).force === true;
  const dir = modelCacheDir(ctx);
  if (!force) {
    const ok = await vscode.window.showWarningMessage(`Delete all downloaded encoder models in ${dir}?`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return false;
  }
  await rm(dir, { recursive: true, force: true });
  ctx.log.info(`Cleared the encoder model cache ${dir}.`);
  return true;
}
