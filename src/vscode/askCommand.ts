import * as vscode from 'vscode';
import { CancelledError, createLlmClientForSettings, prepareAsk, RemoteEndpointError, streamAnswer, summaryLine } from '../engine';
import type { PreparedAsk, Slot } from '../engine';
import { AnswerDocuments, ANSWER_SCHEME } from './answerDocument';
import type { Ctx } from './ctx';
import { parseCompressArgs, type CompressArgs } from './compressArgs';
import { gatherScope } from './compressCommand';
import { showFixableError } from './errorActions';
import type { EditorScope } from './gatherEditors';
import { resolveRequest } from './resolveRequest';
import { LlmSettings } from './llmSettings';

export const ASK_COMMANDS = {
  ask: 'codeContextCompressor.ask',
  chooseModel: 'codeContextCompressor.chooseModel',
} as const;


const CONFIRMED_HOSTS_KEY = 'codeContextCompressor.confirmedRemoteHosts';

/** The Markdown the answer streams into: the question, the answer, then the slots it was given, linked. */
function answerMarkdown(question: string, answer: string, prepared: PreparedAsk | undefined, status: string): string {
  const parts = [`# ${question.replace(/\n/g, ' ')}\n`, status ? `_${status}_\n` : '', answer ? `${answer}\n` : ''];
  if (prepared) {
    const s = prepared.result.stats;
    parts.push(`\n---\n\n## Context given to ${prepared.model}\n\n${summaryLine(s)} (budget ${s.budget}, ${prepared.decoder.id} tokenizer)${prepared.redaction ? `; ${prepared.redaction}` : ''}\n`);
    for (const slot of prepared.result.slots.filter((x: Slot) => x.level !== 'omitted')) {
      const target = slot.uri ? `${slot.uri}#L${slot.startLine}` : undefined;
      const label = `${slot.path} L${slot.startLine}-${slot.endLine}`;
      parts.push(`- ${target ? `[${label}](${target})` : label} — ${slot.pinned ? 'pinned' : slot.level}${slot.name ? ` \`${slot.name}\`` : ''}, ${slot.tokens} tokens\n`);
    }
  }
  return parts.join('');
}

/**
 * "Ask local LLM with compressed context": asks for the question, compresses the open editors with it as
 * the query, streams the answer into a read-only Markdown document. The question is kept for a retry
 * whatever fails.
 */
async function ask(ctx: Ctx, docs: AnswerDocuments, settings: LlmSettings, rawArgs: unknown): Promise<string | undefined> {
  let args: CompressArgs;
  try {
    args = parseCompressArgs(rawArgs);
  } catch (err) {
    void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
    return undefined;
  }
  const question =
    args.question ??
    (await vscode.window.showInputBox({
      title: 'Ask local LLM with compressed context',
      prompt: 'Your question about the open code',
      value: ctx.extension.workspaceState.get<string>('codeContextCompressor.lastQuestion', ''),
      ignoreFocusOut: true,
    }));
  if (!question?.trim()) return undefined;
  await ctx.extension.workspaceState.update('codeContextCompressor.lastQuestion', question);

  // The same scopes as "Compress context" (open editors, current file, symbols, selection, folder).
  let scope: EditorScope;
  try {
    const req = await resolveRequest(ctx, { ...args, question });
    if (!req) return undefined;
    scope = await gatherScope(ctx, req, new AbortController().signal);
  } catch (err) {
    void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
    return undefined;
  }
  if (scope.files.length === 0) {
    void vscode.window.showInformationMessage('Nothing to ask about: open a file in an editor first.');
    return undefined;
  }
  let allowRemote = settings.allowRemote;
  for (;;) {
    try {
      return await runAsk(ctx, docs, settings, question, scope, allowRemote);
    } catch (err) {
      if (err instanceof RemoteEndpointError && settings.allowRemote && !allowRemote) {
        // Remote endpoints are allowed by setting; still confirm each host once, naming it.
        const confirmed = ctx.extension.globalState.get<string[]>(CONFIRMED_HOSTS_KEY, []);
        if (!confirmed.includes(err.host)) {
          const ok = await vscode.window.showWarningMessage(`Send your code to ${err.host}? It is not on this machine.`, { modal: true }, 'Send');
          if (ok !== 'Send') return undefined;
          await ctx.extension.globalState.update(CONFIRMED_HOSTS_KEY, [...confirmed, err.host]);
        }
        allowRemote = true;
        continue;
      }
      throw err;
    }
  }
}

async function runAsk(ctx: Ctx, docs: AnswerDocuments, settings: LlmSettings, question: string, scope: EditorScope, allowRemote: boolean): Promise<string | undefined> {
  let uri: vscode.Uri | undefined;
  let prepared: PreparedAsk | undefined;
  let answer = '';
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Asking local LLM', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          progress.report({ message: 'compressing…' });
          prepared = await prepareAsk(
            ctx.compressor,
            {
              question,
              repoName: vscode.workspace.name ?? 'workspace',
              ...(scope.query !== undefined ? { query: scope.query } : {}),
              files: scope.files,
              pinned: scope.pinned,
              budget: ctx.config.budget,
              ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
              ...(settings.provider !== undefined ? { provider: settings.provider } : {}),
              ...(settings.model !== undefined ? { model: settings.model } : {}),
              allowRemote,
            },
            controller.signal,
          );
          ctx.lastResult = prepared.result;
          ctx.statusBar.show(prepared.result);
          ctx.view.update(prepared.result);
          if (prepared.decoderNote) ctx.log.info(prepared.decoderNote);
          if (prepared.redaction) ctx.log.info(`${prepared.redaction} before sending.`);
          progress.report({ message: `waiting for ${prepared.model}…` });
          uri = await docs.open(`Answer — ${prepared.model}`, answerMarkdown(question, '', prepared, `Asking ${prepared.model}…`));
          for await (const delta of streamAnswer(prepared, controller.signal)) {
            answer += delta;
            docs.set(uri, answerMarkdown(question, answer, prepared, ''));
          }
          docs.set(uri, answerMarkdown(question, answer, prepared, ''), true);
          ctx.log.info(`Answer from ${prepared.model}: ${answer.length} characters.`);
          return answer;
        } finally {
          sub.dispose();
        }
      },
    );
  } catch (err) {
    const cancelled = err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError');
    if (uri) docs.set(uri, answerMarkdown(question, answer, prepared, cancelled ? 'Cancelled.' : `Failed: ${err instanceof Error ? err.message : String(err)}`), true);
    if (cancelled) return undefined;
    if (err instanceof RemoteEndpointError && settings.allowRemote && !allowRemote) throw err;
    ctx.log.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    const choice = await vscode.window.showErrorMessage(`Ask local LLM failed: ${err instanceof Error ? err.message : String(err)}`, 'Retry', 'Open settings', 'Show log');
    if (choice === 'Retry') await vscode.commands.executeCommand(ASK_COMMANDS.ask, { question });
    else if (choice === 'Open settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'codeContextCompressor.llm');
    else if (choice === 'Show log') ctx.log.show(true);
    return undefined;
  }
}

/** Lists the server's models and stores the choice in the `codeContextCompressor.llm.model` setting. */
async function chooseModel(ctx: Ctx, settings: LlmSettings): Promise<string | undefined> {
  try {
    const client = createLlmClientForSettings(settings.endpoint, settings.provider, settings.allowRemote);
    const models = await client.listModels();
    if (models.length === 0) {
      void showFixableError(ctx.log, `No models on ${client.endpoint}: pull one first, for example with ollama pull qwen2.5-coder:7b.`, { retry: () => chooseModel(ctx, settings), settings: 'codeContextCompressor.llm' });
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      models.map((m) => ({ label: m.id, description: [m.parameterSize, m.quantization].filter(Boolean).join(' · '), picked: m.id === settings.model })),
      { title: `Local LLM at ${client.endpoint}`, placeHolder: 'Model to ask' },
    );
    if (!pick) return undefined;
    await settings.setModel(pick.label);
    return pick.label;
  } catch (err) {
    void showFixableError(ctx.log, `Cannot list the local LLM's models: ${err instanceof Error ? err.message : String(err)}`, { retry: () => chooseModel(ctx, settings), settings: 'codeContextCompressor.llm' }, err);
    return undefined;
  }
}

export function registerAskCommands(ctx: Ctx): void {
  const docs = new AnswerDocuments();
  const settings = new LlmSettings();
  ctx.extension.subscriptions.push(
    docs,
    vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, docs),
    vscode.commands.registerCommand(ASK_COMMANDS.ask, (args: unknown) => ask(ctx, docs, settings, args)),
    vscode.commands.registerCommand(ASK_COMMANDS.chooseModel, () => chooseModel(ctx, settings)),
  );
}
