// Host test: activation is cheap (nothing heavy loads until the first run). First file of the suite (sorted by
// name), so the extension is not active yet when it starts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, type TestApi } from './helpers';

/** Far above what activation takes here (a few ms); only catches something heavy sneaking into activate(). */
const ACTIVATION_LIMIT_MS = 1000;

suite('Activation', () => {
  test('activates on demand, quickly, and invites a first run', async () => {
    const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded in this host`);
    const wasActive = ext.isActive;
    const t0 = performance.now();
    const api = await ext.activate();
    const callMs = performance.now() - t0;
    const ownMs = api.activationMs();
    // VS Code's own per-extension activation times (Developer: Show Running Extensions) are not exposed to
    // extensions, so these two numbers are what the suite can measure.
    console.log(`  activation: activate() call → resolved ${callMs.toFixed(1)} ms${wasActive ? ' (was already active)' : ''}; bundle load → end of activate() ${ownMs.toFixed(1)} ms`);
    assert.equal(wasActive, false, 'the extension was active before any command ran: check activationEvents');
    assert.ok(callMs < ACTIVATION_LIMIT_MS, `activation took ${callMs.toFixed(0)} ms`);
    assert.match(api.statusText(), /Compress/, 'the status bar should invite a first run');
    assert.match(api.statusTooltip(), /Compress context/);
    assert.equal(api.lastResult(), undefined);
  });
});
