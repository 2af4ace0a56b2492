import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultPromptFolders, PromptFile, PromptSaveError } from '../../src/engine/llm';

test('prompt file: private folder and file, content replaced in place, removed on request', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ccc-prompt-'));
  try {
    const folders = defaultPromptFolders({ XDG_STATE_HOME: path.join(root, 'state') }, path.join(root, 'home'), root);
    assert.equal(folders.candidates[0], path.join(root, 'state', 'code-context-compressor', 'prompts'));
    assert.equal(folders.candidates[1], path.join(root, 'home', '.cache', 'code-context-compressor', 'prompts'));
    const file = new PromptFile(folders);
    const where = file.save('first draft');
    assert.equal(path.dirname(where), folders.candidates[0]);
    assert.equal(statSync(where).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(where)).mode & 0o777, 0o700);
    assert.equal(file.save('final prompt'), where, 'the same file is rewritten');
    assert.equal(readFileSync(where, 'utf8'), 'final prompt');
    assert.equal(statSync(where).mode & 0o777, 0o600);
    // Two saves in the same millisecond still get different, unguessable names.
    assert.notEqual(new PromptFile(folders).save('x'), new PromptFile(folders).save('x'));
    file.remove();
    assert.ok(!existsSync(where));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('prompt file: a folder open to other users is not used; the next one is', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ccc-prompt-'));
  try {
    const shared = path.join(root, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    const file = new PromptFile({ candidates: [shared, path.join(root, 'private')], tempRoot: root });
    assert.equal(path.dirname(file.save('p')), path.join(root, 'private'));
    const none = new PromptFile({ candidates: [shared], tempRoot: path.join(root, 'missing', 'deeper') });
    assert.throws(() => none.save('p'), (e: unknown) => e instanceof PromptSaveError && /open to other users \(mode 777\)/.test(e.message) && /ENOENT/.test(e.message));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
