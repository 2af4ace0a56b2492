// The words of the extension's notifications and status line, decided without the editor: what the one
// notification after a run says about the encoder, download sizes, Markdown-free text, and the ratio in words.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { EncoderReport, Warning } from '../../src/engine';
import { encoderNotice, type NoticeInput } from '../../src/vscode/encoderNotice';
import { formatSize, plainText } from '../../src/vscode/notificationText';
import { ratioWords } from '../../src/vscode/resultFacts';

const DECODER = 'qwen2.5-coder-7b';
const CODER_05 = 'qwen2.5-coder-0.5b-instruct';

function run(encoder: EncoderReport | undefined, warnings: Warning[] = []): NoticeInput {
  return { stats: { decoder: DECODER, ...(encoder ? { encoder } : {}) }, warnings };
}
const offer = { offerDownloads: true, declined: [] };
const paperWarning: Warning = { code: 'encoder-mismatch', message: 'arXiv 2602.01778 measured reconstruction BLEU 64.6 against 80.0 (F1 92.15 against 96.96)' };

describe('encoderNotice', () => {
  it('says nothing after a matched run, even when a neural encoder could be downloaded', () => {
    assert.equal(encoderNotice(run({ id: 'builtin-code-ngram', device: 'cpu', match: 'matched', suggestion: CODER_05 }), offer), undefined);
  });

  it('says nothing when no encoder ran', () => {
    assert.equal(encoderNotice(run(undefined), offer), undefined);
  });

  it('gives a mismatched pair one sentence without research figures, and offers the matched encoder with its size', () => {
    const notice = encoderNotice(run({ id: 'qwen2.5-0.5b-instruct', device: 'cpu', match: 'domain-mismatch', suggestion: CODER_05 }, [paperWarning]), offer);
    assert.ok(notice);
    assert.equal(notice.message, `Encoder qwen2.5-0.5b-instruct does not match decoder ${DECODER}, so compression is less reliable.`);
    assert.equal(notice.message.split(/[.!?](\s|$)/).filter((s) => s.trim()).length, 1, 'one sentence');
    assert.doesNotMatch(notice.message, /arXiv|BLEU|F1|`/);
    assert.deepEqual(notice.download, { id: CODER_05, label: `Download ${CODER_05} (639 MB)` });
  });

  it('does not offer a download the user declined or the setting turned off', () => {
    const mismatched = run({ id: 'qwen2.5-0.5b-instruct', device: 'cpu', match: 'domain-mismatch', suggestion: CODER_05 }, [paperWarning]);
    assert.equal(encoderNotice(mismatched, { offerDownloads: true, declined: [CODER_05] })?.download, undefined);
    assert.equal(encoderNotice(mismatched, { offerDownloads: false, declined: [] })?.download, undefined);
    assert.ok(encoderNotice(mismatched, { offerDownloads: false, declined: [] })?.message);
  });

  it('says so when the chosen encoder failed to load and the matched built-in one ran', () => {
    const notice = encoderNotice(run({ id: 'builtin-code-ngram', device: 'cpu', match: 'matched' }, [{ code: 'encoder-mismatch', message: 'qwen2.5-coder-0.5b-instruct could not be loaded (boom); using the built-in encoder.' }]), offer);
    assert.match(notice?.message ?? '', /could not be loaded, so the built-in builtin-code-ngram ran instead\.$/);
    assert.equal(notice?.download, undefined);
  });

  it('keys the once-a-session memory by encoder and decoder', () => {
    const a = encoderNotice(run({ id: 'qwen2.5-0.5b-instruct', device: 'cpu', match: 'domain-mismatch' }), offer);
    const b = encoderNotice({ ...run({ id: 'qwen2.5-0.5b-instruct', device: 'cpu', match: 'domain-mismatch' }), stats: { decoder: 'qwen2.5-coder-1.5b', encoder: { id: 'qwen2.5-0.5b-instruct', device: 'cpu', match: 'domain-mismatch' } } }, offer);
    assert.notEqual(a?.key, b?.key);
  });
});

describe('notification text', () => {
  it('writes download sizes in MB and GB, never "1.7k MB"', () => {
    assert.equal(formatSize(639_000_000), '639 MB');
    assert.equal(formatSize(1_700_000_000), '1.7 GB');
    assert.equal(formatSize(25_000), '25 KB');
  });

  it('drops Markdown backticks, which notifications show literally', () => {
    assert.equal(plainText('Run `npm run build:model` in a checkout, or `x`.'), 'Run npm run build:model in a checkout, or x.');
    assert.equal(plainText('no code here'), 'no code here');
  });
});

describe('ratioWords', () => {
  it('says "fits as is" when nothing was cut, never "0.9×" or "1.0×"', () => {
    assert.equal(ratioWords({ ratio: 0.92, originalTokens: 900, compressedTokens: 978 }), 'fits as is');
    assert.equal(ratioWords({ ratio: 1, originalTokens: 950, compressedTokens: 950 }), 'fits as is');
    assert.equal(ratioWords({ ratio: 1.02, originalTokens: 1020, compressedTokens: 1000 }), '1.02×');
    assert.equal(ratioWords({ ratio: 4.33, originalTokens: 18_210, compressedTokens: 4200 }), '4.3×');
    assert.equal(ratioWords({ ratio: 12.4, originalTokens: 12_400, compressedTokens: 1000 }), '12×');
  });
});
