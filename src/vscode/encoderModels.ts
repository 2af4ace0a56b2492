import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, downloadDtype, downloadEncoderModel, encoderEntries, findEncoder, onnxRuntimeUnsupported, plannedDevice, type CompressResult, type EncoderEntry } from '../engine';
import type { Ctx } from './ctx';
import { encoderNotice } from './encoderNotice';
import { formatSize } from './notificationText';
import { showFixableError } from './errorActions';

const DECLINED_KEY = 'codeContextCompressor.declinedEncoderDownloads';
/** Encoder/decoder pairs already noted this session: worth one notification, not one per run. */
const notedPairs = new Set<string>();

/** The folder downloaded encoders live in: the user can open it and clear it from the palette. */
export function modelCacheDir(ctx: Ctx): string {
  return path.join(ctx.extension.globalStorageUri.fsPath, 'models');
}

function hubEndpoint(): string {
  return vscode.workspace.getConfiguration('codeContextCompressor').get<string>('modelHubEndpoint', 'https://huggingface.co').trim() || 'https://huggingface.co';
}

function sizeOf(entry: EncoderEntry): string {
  const bytes = entry.source.kind === 'huggingface' ? entry.source.approxBytes : undefined;
  return bytes ? formatSize(bytes) : '';
}

/** Downloads a neural encoder into the cache with a cancellable progress notification; returns its folder. */
export async function downloadEncoder(ctx: Ctx, id?: string): Promise<string | undefined> {
  const unsupported = onnxRuntimeUnsupported();
  if (unsupported) {
    // Nothing downloaded could run here (an Intel Mac): say so and what works instead.
    void vscode.window.showErrorMessage(`${unsupported}.`);
    return undefined;
  }
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
  // The weights for the device expected to run them: fp16 for a GPU, the registry's q8 for the CPU (dtype.ts).
  const binding = path.join(ctx.extension.extensionPath, 'dist', 'assets', 'onnxruntime', `${process.platform}-${process.arch}`, 'onnxruntime_binding.node');
  const device = plannedDevice(ctx.config.encoder.device, binding);
  const dtype = chosen.source.kind === 'huggingface' ? downloadDtype(device, chosen.source.dtype) : undefined;
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
            device,
            ...(dtype ? { dtype } : {}),
            endpoint: hubEndpoint(),
            signal: controller.signal,
            log: (line) => ctx.log.info(line),
            onProgress: (p) => {
              const pct = p.overallTotal ? Math.min(100, (100 * p.overallLoaded) / p.overallTotal) : 0;
              // Without the registry's size (weights of another dtype than its own), the bytes so far say how it goes.
              const bytes = p.overallTotal ? '' : ` · ${formatSize(p.loaded)}${p.total ? ` of ${formatSize(p.total)}` : ''}`;
              progress.report({ message: `${p.file} (${p.fileIndex + 1}/${p.files})${bytes}`, increment: pct - reported });
              reported = pct;
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    ctx.log.info(`Downloaded ${chosen.id} (${dtype ?? 'default'} weights, for ${device}) to ${dir}.`);
    void vscode.window.showInformationMessage(`${chosen.name} is ready, and the next run uses it wherever it matches the decoder.`);
    return dir;
  } catch (err) {
    if (err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError')) return undefined;
    void showFixableError(ctx.log, `Downloading ${chosen.name} failed: ${err instanceof Error ? err.message : String(err)}`, { retry: () => downloadEncoder(ctx, chosen.id), settings: 'codeContextCompressor.modelHubEndpoint' }, err);
    return undefined;
  }
}

/**
 * After a run: at most one notification about the encoder, once per encoder/decoder pair a session. A
 * matched pair gets none; a mismatched one gets one sentence whose actions download the matched encoder,
 * show the details (the Diagnostics view) or open the encoder settings.
 */
export async function notifyEncoder(ctx: Ctx, result: CompressResult): Promise<void> {
  const declined = ctx.extension.globalState.get<string[]>(DECLINED_KEY, []);
  // No offer where onnxruntime has no binary: the model could not run (downloadEncoder says why if asked directly).
  const offerDownloads = vscode.workspace.getConfiguration('codeContextCompressor').get<boolean>('offerEncoderDownloads', true) && !onnxRuntimeUnsupported();
  const notice = encoderNotice(result, { offerDownloads, declined });
  if (!notice || notedPairs.has(notice.key)) return;
  notedPairs.add(notice.key);
  const details = 'Show details';
  const settings = 'Encoder settings';
  const dontOffer = "Don't offer again";
  const actions = notice.download ? [notice.download.label, details, dontOffer] : [details, settings];
  const choice = await vscode.window.showWarningMessage(notice.message, ...actions);
  if (notice.download && choice === notice.download.label) await downloadEncoder(ctx, notice.download.id);
  else if (choice === details) await vscode.commands.executeCommand('codeContextCompressor.showDiagnostics');
  else if (choice === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'codeContextCompressor.encoder');
  else if (notice.download && choice === dontOffer) await ctx.extension.globalState.update(DECLINED_KEY, [...declined, notice.download.id]);
}

/**
 * Shows the cache folder in the system's file manager on a desktop window. In a remote or web window the
 * folder is on another machine than the file manager (and revealFileInOS does nothing), so the path is
 * shown with a Copy action instead, and can be opened in a window of its own.
 */
export async function openCache(ctx: Ctx): Promise<void> {
  const dir = vscode.Uri.file(modelCacheDir(ctx));
  await vscode.workspace.fs.createDirectory(dir);
  if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) {
    await vscode.commands.executeCommand('revealFileInOS', dir);
    return;
  }
  const copy = 'Copy path';
  const open = 'Open in new window';
  const choice = await vscode.window.showInformationMessage(`Encoder models are kept in ${dir.fsPath} on the machine that runs the extension.`, copy, open);
  if (choice === copy) await vscode.env.clipboard.writeText(dir.fsPath);
  else if (choice === open) await vscode.commands.executeCommand('vscode.openFolder', dir, { forceNewWindow: true });
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
