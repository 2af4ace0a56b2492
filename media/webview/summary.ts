import type { FromWebview, ResultSummary } from '../../src/protocol/diagnosticsView';
import { el, fmt } from './dom';

/** The run at a glance: ratio, budget use, encoder ↔ decoder, device, time per stage, warnings, actions. */
export function summaryView(s: ResultSummary, post: (m: FromWebview) => void): HTMLElement {
  const box = el('section', { class: 'summary', 'aria-label': 'Summary of the last run' });
  const headline = s.ratioText === 'fits as is' ? `Fits as is · ${fmt(s.compressedTokens)} tokens` : `${s.ratioText} · ${fmt(s.originalTokens)} → ${fmt(s.compressedTokens)} tokens`;
  box.append(el('h2', {}, headline));
  if (s.scope) box.append(el('p', { class: 'meta scope' }, s.scope));
  const used = Math.round((100 * s.compressedTokens) / s.budget);
  const bar = el('div', { class: 'budget', role: 'meter', 'aria-label': 'Budget used', 'aria-valuenow': String(used), 'aria-valuemin': '0', 'aria-valuemax': '100', title: `${used}% of the ${s.budget}-token budget` });
  const fill = el('div', { class: 'budget-fill' });
  fill.style.width = `${Math.min(100, used)}%`;
  bar.append(fill);
  box.append(bar, el('p', { class: 'meta' }, `${used}% of ${fmt(s.budget)} budget · ${s.files} file${s.files === 1 ? '' : 's'}`));

  const facts = el('dl', { class: 'facts' });
  const fact = (term: string, value: string, cls = ''): void => {
    facts.append(el('dt', {}, term), el('dd', cls ? { class: cls } : {}, value));
  };
  fact('Encoder', s.encoder);
  fact('Decoder', s.decoder);
  fact('Match', `${s.mismatched ? '⚠ ' : ''}${s.match}`, s.mismatched ? 'bad' : '');
  fact('Device', s.device);
  const stages = Object.entries(s.timingsMs).filter(([k]) => k !== 'total').map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' · ');
  fact('Time', `${(s.timingsMs.total ?? 0).toFixed(0)} ms (${stages} ms)`);
  box.append(facts);

  // The full warnings live here (with any measured figures behind them); notifications say one sentence.
  for (const w of s.warnings) box.append(el('p', { class: 'warning' }, `⚠ ${w}`));
  const actions = el('div', { class: 'actions' });
  for (const [type, label] of [['copy', 'Copy context'], ['open', 'Open as document'], ['rerun', 'Re-run'], ['ask', 'Ask local LLM…']] as const) {
    const b = el('button', { 'data-action': type }, label);
    b.addEventListener('click', () => post({ type }));
    actions.append(b);
  }
  box.append(actions);
  return box;
}
