/**
 * The two serving engines that return log-probabilities of prompt tokens, as their documented JSON shapes:
 * vLLM `POST /v1/completions` with `prompt_logprobs`, SGLang `POST /generate` with `return_logprob` and
 * `logprob_start_len: 0`. Each request carries a batch of token-id prompts and asks for one generated token
 * (the smallest allowed); only the prompt's scores are read back.
 */

export type ServingProtocol = 'vllm' | 'sglang';

export const SERVING_PROTOCOLS: readonly ServingProtocol[] = ['vllm', 'sglang'];

export function parseServingProtocol(name: string): ServingProtocol | undefined {
  const n = name.trim().toLowerCase();
  return (SERVING_PROTOCOLS as readonly string[]).includes(n) ? (n as ServingProtocol) : undefined;
}

/** Scores of one prompt at positions 1..n−1 (position 0 has no prediction). */
export interface PromptScores {
  /** Natural-log probability of the prompt token at each position given the ones before it. */
  readonly logprobs: Float64Array;
  /** The top-k natural-log probabilities at each position, when asked for (k > 0). */
  readonly top?: readonly (readonly number[])[];
}

/** A reply that does not have the documented shape, or disagrees with what was sent (a cut-off or wrong server). */
export class ServingReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServingReplyError';
  }
}

export interface ScoringCall {
  readonly path: string;
  readonly body: unknown;
}

export function scoringCall(protocol: ServingProtocol, prompts: readonly (readonly number[])[], topK: number, model: string | undefined): ScoringCall {
  if (protocol === 'vllm') {
    return {
      path: '/v1/completions',
      body: { ...(model ? { model } : {}), prompt: prompts, max_tokens: 1, temperature: 0, prompt_logprobs: topK, echo: false },
    };
  }
  return {
    path: '/generate',
    body: {
      input_ids: prompts,
      sampling_params: { max_new_tokens: 1, temperature: 0 },
      return_logprob: true,
      logprob_start_len: 0,
      top_logprobs_num: topK,
      return_text_in_logprobs: false,
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ServingReplyError(`${what} is not a number`);
  return v;
}

/** Parses a reply into one PromptScores per prompt, checking that every prompt token is accounted for. */
export function parseScoringReply(protocol: ServingProtocol, reply: unknown, prompts: readonly (readonly number[])[], topK: number): PromptScores[] {
  return protocol === 'vllm' ? parseVllm(reply, prompts, topK) : parseSglang(reply, prompts, topK);
}

function parseVllm(reply: unknown, prompts: readonly (readonly number[])[], topK: number): PromptScores[] {
  const choices = isRecord(reply) ? reply.choices : undefined;
  if (!Array.isArray(choices)) throw new ServingReplyError('the reply has no "choices" array');
  if (choices.length !== prompts.length) throw new ServingReplyError(`the reply has ${choices.length} choices for ${prompts.length} prompts`);
  const out: (PromptScores | undefined)[] = new Array<PromptScores | undefined>(prompts.length);
  choices.forEach((choice: unknown, order) => {
    if (!isRecord(choice)) throw new ServingReplyError(`choice ${order} is not an object`);
    const index = typeof choice.index === 'number' ? choice.index : order;
    const prompt = prompts[index];
    if (!prompt || out[index]) throw new ServingReplyError(`choice index ${index} does not name one prompt`);
    const entries = choice.prompt_logprobs;
    if (!Array.isArray(entries)) throw new ServingReplyError(`choice ${index} has no "prompt_logprobs" (is prompt_logprobs supported by this server?)`);
    if (entries.length !== prompt.length) throw new ServingReplyError(`choice ${index} scores ${entries.length} of ${prompt.length} prompt tokens`);
    const logprobs = new Float64Array(prompt.length - 1);
    const top: number[][] = [];
    for (let j = 1; j < prompt.length; j++) {
      const entry: unknown = entries[j];
      if (!isRecord(entry)) throw new ServingReplyError(`choice ${index} position ${j} has no log-probabilities`);
      const own = entry[String(prompt[j])];
      if (!isRecord(own)) throw new ServingReplyError(`choice ${index} position ${j} lacks the prompt token ${prompt[j]}`);
      logprobs[j - 1] = finite(own.logprob, `choice ${index} position ${j} logprob`);
      if (topK > 0) {
        // The prompt token is always listed; it belongs to the top k only when its rank says so.
        const listed: number[] = [];
        for (const value of Object.values(entry)) {
          if (isRecord(value) && typeof value.rank === 'number' && value.rank <= topK) listed.push(finite(value.logprob, 'a top logprob'));
        }
        top.push(listed);
      }
    }
    out[index] = topK > 0 ? { logprobs, top } : { logprobs };
  });
  return out as PromptScores[];
}

/** `[logprob, token id, text]` triples; the first position's logprob is null. */
function triple(v: unknown, what: string): [number | null, number] {
  if (!Array.isArray(v) || v.length < 2) throw new ServingReplyError(`${what} is not a [logprob, id, text] triple`);
  const lp: unknown = v[0];
  const id: unknown = v[1];
  if (typeof id !== 'number') throw new ServingReplyError(`${what} has no token id`);
  if (lp === null) return [null, id];
  return [finite(lp, what), id];
}

function parseSglang(reply: unknown, prompts: readonly (readonly number[])[], topK: number): PromptScores[] {
  // One prompt may come back as one object rather than a one-element array.
  const items: unknown[] = Array.isArray(reply) ? reply : [reply];
  if (items.length !== prompts.length) throw new ServingReplyError(`the reply has ${items.length} results for ${prompts.length} prompts`);
  return items.map((item, index) => {
    const prompt = prompts[index]!;
    const meta = isRecord(item) ? item.meta_info : undefined;
    if (!isRecord(meta)) throw new ServingReplyError(`result ${index} has no "meta_info"`);
    const tokens = meta.input_token_logprobs;
    if (!Array.isArray(tokens)) throw new ServingReplyError(`result ${index} has no "input_token_logprobs" (was return_logprob honoured?)`);
    if (tokens.length !== prompt.length) throw new ServingReplyError(`result ${index} scores ${tokens.length} of ${prompt.length} prompt tokens`);
    const tops = meta.input_top_logprobs;
    if (topK > 0 && (!Array.isArray(tops) || tops.length !== prompt.length)) throw new ServingReplyError(`result ${index} lacks "input_top_logprobs" for every prompt token`);
    const logprobs = new Float64Array(prompt.length - 1);
    const top: number[][] = [];
    for (let j = 1; j < prompt.length; j++) {
      const [lp, id] = triple(tokens[j], `result ${index} position ${j}`);
      if (id !== prompt[j]) throw new ServingReplyError(`result ${index} position ${j} scores token ${id}, not the prompt's ${prompt[j]}`);
      if (lp === null) throw new ServingReplyError(`result ${index} position ${j} has a null logprob`);
      logprobs[j - 1] = lp;
      if (topK > 0) {
        const row: unknown = (tops as unknown[])[j];
        if (!Array.isArray(row)) throw new ServingReplyError(`result ${index} position ${j} has no top logprobs`);
        top.push(row.map((t, r) => triple(t, `result ${index} position ${j} top ${r}`)[0] ?? Number.NEGATIVE_INFINITY));
      }
    }
    return topK > 0 ? { logprobs, top } : { logprobs };
  });
}
