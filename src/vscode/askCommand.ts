import * as vscode from 'vscode';
import { createLlmClientForSettings, prepareAsk, RemoteEndpointError, streamAnswer, summaryLine } from '../engine';
import type { PreparedAsk, Slot } from '../engine';
import type { Ctx } from './ctx';
import { parseCompressArgs } from './compressArgs';
import { gatherInput, isCancellation, restoreStatus, withRun } from './requestPath';
import { askQuestion } from './prompts';
import { showError } from './log';
import { NothingToCompressError, resolveRequest, type QuestionPolicy } from './resolveRequest';
import { RESULT_SCHEME } from './resultDocument';
import type { RunRequest } from './runRequest';
import { showFixableError } from './errorActions';

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

const ASK_QUESTION: QuestionPolicy['prompt'] = {
  title: 'Ask local LLM with compressed context',
  emptyLabel: '$(circle-slash) No question: stop (Ask needs one)',
  placeholder: 'Your question about the code; earlier questions below (arrow keys). Escape cancels',
};

/**
 * "Ask local LLM with compressed context": the same request → gather → compress path as "Compress context"
 * (resolveRequest, gatherInput, withRun), with the question as the query's end, then the answer streamed into
 * a read-only Markdown document. An empty question stops with a message; the question is kept for a retry
 * whatever fails.
 */
export async function ask(ctx: Ctx, rawArgs: unknown): Promise<string | undefined> {
  let req: RunRequest | undefined;
  try {
    // From the result editor's title bar (its URI is the argument): about the context shown, a new question.
    const last = rawArgs instanceof vscode.Uri && rawArgs.scheme === RESULT_SCHEME ? ctx.lastRequest : undefined;
    if (last) {
      const question = await askQuestion(ctx.extension.workspaceState, ASK_QUESTION);
      req = question === undefined ? undefined : { ...last, question };
    } else {
      req = await resolveRequest(ctx, parseCompressArgs(rawArgs instanceof vscode.Uri ? undefined : rawArgs), { ask: true, prompt: ASK_QUESTION });
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof NothingToCompressError) void vscode.window.showInformationMessage(message);
    else void showError(ctx.log, `Ask local LLM failed: ${message}`, err);
    return undefined;
  }
  if (!req) return undefined;
  if (!req.question.trim()) {
    void vscode.window.showInformationMessage('Ask stopped: it needs a question, and none was given. Run it again and type one (earlier questions are under the arrow keys).');
    return undefined;
  }
  let allowRemote = ctx.config.llm.allowRemote;
  for (;;) {
    try {
      return await runAsk(ctx, req, allowRemote);
    } catch (err) {
      if (err instanceof RemoteEndpointError && ctx.config.llm.allowRemote && !allowRemote) {
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

async function runAsk(ctx: Ctx, req: RunRequest, allowRemote: boolean): Promise<string | undefined> {
  const docs = ctx.answers;
  const settings = ctx.config.llm;
  const question = req.question;
  let uri: vscode.Uri | undefined;
  let prepared: PreparedAsk | undefined;
  let answer = '';
  ctx.statusBar.running(req.scope);
  try {
    return await withRun(ctx, 'Asking local LLM', undefined, async (signal, progress) => {
      progress.report({ message: 'gathering…' });
      const scope = await gatherInput(ctx, req, signal);
      if (scope.files.length === 0) {
        restoreStatus(ctx);
        void vscode.window.showInformationMessage(`Nothing to ask about (${scope.description}): open a file in an editor first.`);
        return undefined;
      }
      progress.report({ message: 'compressing…' });
      prepared = await prepareAsk(
        ctx.compressor,
        {
          question,
          // The code only: prepareAsk joins the question to it, once.
          query: scope.code,
          repoName: vscode.workspace.name ?? 'workspace',
          files: scope.files,
          pinned: scope.pinned,
          budget: req.budget,
          priorWarnings: scope.warnings,
          gatherMs: scope.gatherMs,
          ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
          ...(settings.provider !== undefined ? { provider: settings.provider } : {}),
          ...(settings.model !== undefined ? { model: settings.model } : {}),
          allowRemote,
          timeouts: settings.timeouts,
        },
        signal,
      );
      // The result shown everywhere (status bar, panel, the result editor if open) and what Re-run repeats.
      ctx.lastScope = { kind: req.scope, description: scope.description, query: prepared.query };
      await ctx.setRequest(req);
      await ctx.setResult(prepared.result);
      ctx.results.set(prepared.result.text);
      if (prepared.decoderNote) ctx.log.info(prepared.decoderNote);
      if (prepared.redaction) ctx.log.info(`${prepared.redaction} before sending.`);
      progress.report({ message: `waiting for ${prepared.model}…` });
      uri = await docs.open(`Answer — ${prepared.model}`, answerMarkdown(question, '', prepared, `Asking ${prepared.model}…`));
      for await (const delta of streamAnswer(prepared, signal)) {
        answer += delta;
        docs.set(uri, answerMarkdown(question, answer, prepared, ''));
      }
      docs.set(uri, answerMarkdown(question, answer, prepared, ''), true);
      ctx.log.info(`Answer from ${prepared.model}: ${answer.length} characters.`);
      return answer;
    });
  } catch (err) {
    // A run cancelled because a newer one started leaves the status bar to the newer one.
    if (!ctx.currentRun && !prepared) restoreStatus(ctx);
    const cancelled = isCancellation(err);
    if (uri) docs.set(uri, answerMarkdown(question, answer, prepared, cancelled ? 'Cancelled.' : `Failed: ${err instanceof Error ? err.message : String(err)}`), true);
    if (cancelled) return undefined;
    if (err instanceof RemoteEndpointError && settings.allowRemote && !allowRemote) throw err;
    ctx.log.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    const choice = await vscode.window.showErrorMessage(`Ask local LLM failed: ${err instanceof Error ? err.message : String(err)}`, 'Retry', 'Open settings', 'Show log');
    // The same request again: the same scope, documents, cursor and question.
    if (choice === 'Retry') return runAsk(ctx, req, allowRemote);
    if (choice === 'Open settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'codeContextCompressor.llm');
    else if (choice === 'Show log') ctx.log.show(true);
    return undefined;
  }
}

/** Lists the server's models and stores the choice in the `codeContextCompressor.llm.model` setting. */
export async function chooseModel(ctx: Ctx): Promise<string | undefined> {
  const settings = ctx.config.llm;
  try {
    const client = createLlmClientForSettings(settings.endpoint, settings.provider, settings.allowRemote);
    const models = await client.listModels();
    if (models.length === 0) {
      void showFixableError(ctx.log, `No models on ${client.endpoint}: pull one first, for example with ollama pull qwen2.5-coder:7b.`, { retry: () => chooseModel(ctx), settings: 'codeContextCompressor.llm' });
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
    void showFixableError(ctx.log, `Cannot list the local LLM's models: ${err instanceof Error ? err.message : String(err)}`, { retry: () => chooseModel(ctx), settings: 'codeContextCompressor.llm' }, err);
    return undefined;
  }
}
