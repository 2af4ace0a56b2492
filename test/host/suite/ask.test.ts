// Host test: "Ask local LLM with compressed context" end to end inside a real extension host, against an
// Ollama-protocol server that this test runs on loopback.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateApi, type TestApi } from './helpers';
import { ollamaChunk, ollamaDone, sendJson, startNdjson, startServer, writeSlowly, type TestServer } from '../../unit/helpers/llmServers';

const EXTENSION_ID = 'ccc-dev.code-context-compressor';
const MODEL = 'qwen2.5-coder:7b';

function workspaceUri(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  options?: { num_ctx?: number };
}

suite('Ask local LLM', () => {
  let server: TestServer;
  let testApi: TestApi | undefined;
  const api = (): TestApi => {
    assert.ok(testApi);
    return testApi;
  };

  suiteSetup(async () => {
    testApi = await activateApi();
    server = await startServer({
      'GET /api/tags': (_req, res) => sendJson(res, 200, { models: [{ name: MODEL, model: MODEL, details: { parameter_size: '7.6B', quantization_level: 'Q4_K_M' } }] }),
      'POST /api/show': (_req, res) => sendJson(res, 200, { model_info: { 'qwen2.context_length': 32768 } }),
      'POST /api/chat': async (_req, res, s) => {
        startNdjson(res);
        await writeSlowly(res, s, [ollamaChunk(MODEL, 'computeInvoiceTotal sums '), ollamaChunk(MODEL, 'the line totals.'), ollamaDone(MODEL)], 20);
        res.end();
      },
    });
    const llm = vscode.workspace.getConfiguration('codeContextCompressor.llm');
    await llm.update('endpoint', server.url, vscode.ConfigurationTarget.Global);
    await llm.update('provider', 'ollama', vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('codeContextCompressor').update('budget', 1200, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    const llm = vscode.workspace.getConfiguration('codeContextCompressor.llm');
    await llm.update('endpoint', undefined, vscode.ConfigurationTarget.Global);
    await llm.update('provider', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('codeContextCompressor').update('budget', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await server.close();
  });

  test('every command the extension registers is contributed (so the palette can show it)', async () => {
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('codeContextCompressor.') && !c.endsWith('.focus') && !c.includes('.diagnostics.'));
    const contributed = new Set(((vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands).map((c) => c.command));
    assert.ok(registered.includes('codeContextCompressor.ask') && registered.includes('codeContextCompressor.chooseModel'));
    for (const c of registered) assert.ok(contributed.has(c), `${c} is registered but not contributed`);
  });

  async function chats(): Promise<number> {
    return server.requests.filter((r) => r.path === '/api/chat').length;
  }

  test('honours the budget argument', async () => {
    await vscode.window.showTextDocument(workspaceUri('src/pricing.ts'), { preview: false });
    const answer = await vscode.commands.executeCommand<string | undefined>('codeContextCompressor.ask', { scope: 'currentFile', question: 'What is taxed?', budget: 300 });
    assert.ok(answer);
    assert.equal(api().lastResult()?.stats.budget, 300);
  });

  test('joins the question to the query once', async () => {
    const editor = await vscode.window.showTextDocument(workspaceUri('src/pricing.ts'), { preview: false });
    editor.selection = new vscode.Selection(20, 0, 20, 0);
    const question = 'Which discount applies to loyal customers?';
    assert.ok(await vscode.commands.executeCommand<string | undefined>('codeContextCompressor.ask', { scope: 'currentFile', question }));
    const query = api().lastScope()?.query ?? '';
    assert.equal(query.split(question).length - 1, 1, `the question is not in the query once: ${JSON.stringify(query.slice(-200))}`);
    assert.ok(query.endsWith(question));
  });

  test('a selection is sent with the file\'s own line numbers', async () => {
    const editor = await vscode.window.showTextDocument(workspaceUri('src/pricing.ts'), { preview: false });
    editor.selection = new vscode.Selection(9, 0, 30, 0);
    assert.ok(await vscode.commands.executeCommand<string | undefined>('codeContextCompressor.ask', { scope: 'selection', question: 'What does this do?' }));
    const slots = api().lastResult()?.slots ?? [];
    assert.ok(slots.length > 0);
    assert.equal(Math.min(...slots.map((s) => s.startLine)), 10, slots.map((s) => `L${s.startLine}-${s.endLine}`).join(' '));
    assert.ok(slots.every((s) => s.endLine <= 30));
  });

  test('Ask on the result editor\'s title bar asks about the context shown, whatever editor is active', async () => {
    await vscode.window.showTextDocument(workspaceUri('src/pricing.ts'), { preview: false });
    const question = 'Which tax rate applies to books?';
    await vscode.commands.executeCommand('codeContextCompressor.compress', { scope: 'currentFile', question });
    const shown = api().lastScope()?.description;
    await vscode.window.showTextDocument(workspaceUri('src/models.ts'), { preview: false });
    const run = vscode.commands.executeCommand<string | undefined>('codeContextCompressor.ask', vscode.Uri.from({ scheme: 'ccc-context', path: '/Compressed context.txt' }));
    // The question prompt opens empty; the question just asked is the first earlier one, one arrow key down.
    await new Promise((r) => setTimeout(r, 1500));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.ok(await run, 'no answer');
    assert.equal(api().lastScope()?.description, shown);
    assert.ok(api().lastScope()?.query?.endsWith(question));
  });

  test('an empty question stops with a message and sends nothing', async () => {
    await vscode.window.showTextDocument(workspaceUri('src/pricing.ts'), { preview: false });
    const before = await chats();
    const answer = await vscode.commands.executeCommand<string | undefined>('codeContextCompressor.ask', { scope: 'currentFile', question: '  ' });
    assert.equal(answer, undefined);
    assert.equal(await chats(), before, 'a chat request was sent without a question');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  test('streams the answer into a Markdown document, having sent the compressed context and the question', async () => {
    await vscode.window.showTextDocument(workspaceUri('src/models.ts'), { preview: false });
    const editor = await vscode.window.showTextDocument(workspaceUri('src/pricing.ts'), { preview: false });
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('computeInvoiceTotal'));
    editor.selection = new vscode.Selection(line + 1, 0, line + 1, 0);

    const answer = await vscode.commands.executeCommand<string | undefined>('codeContextCompressor.ask', { scope: 'openEditors', question: 'What does computeInvoiceTotal return?' });
    assert.equal(answer, 'computeInvoiceTotal sums the line totals.');

    const chat = server.requests.filter((r) => r.path === '/api/chat').pop();
    assert.ok(chat, 'no chat request reached the server');
    const body = JSON.parse(chat.body) as ChatBody;
    assert.equal(body.model, MODEL);
    const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
    assert.match(user, /<\|file_sep\|>src\/pricing\.ts\n/);
    assert.ok(user.includes('computeInvoiceTotal'));
    assert.ok(user.endsWith('Question: What does computeInvoiceTotal return?'));
    assert.ok((body.options?.num_ctx ?? 0) > 0);

    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'ccc-answer');
    assert.ok(doc, 'the answer document is not open');
    assert.equal(doc.languageId, 'markdown');
    // Content-provider updates reach the document asynchronously: poll for the streamed answer.
    const deadline = Date.now() + 10_000;
    while (!doc.getText().includes('computeInvoiceTotal sums the line totals.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const text = doc.getText();
    assert.ok(text.includes('computeInvoiceTotal sums the line totals.'), text);
    assert.match(text, /## Context given to qwen2\.5-coder:7b/);
    assert.match(text, /\[src\/pricing\.ts L\d+-\d+\]\(file:[^)]+#L\d+\)/);
  });
});
