import { VERIFICATION_INSTRUCTIONS } from '../../src/embed-cache/verifier/adapters/verification-prompt';

/**
 * The questions the fake judge treats as one: a verification of two questions of the same group (or
 * of one question twice) is answered yes, of any other two questions no.
 */
export const PARAPHRASE_GROUPS: readonly (readonly string[])[] = [
  ['What is caching?', 'Please explain what caching is', 'Explain caching'],
  ['How do I reset my password?', 'How can I reset my password?'],
  ['什麼是快取？', '請解釋快取是什麼'],
];

/** A chat request body as the fake reads it. */
type Body = Record<string, unknown>;
type Message = { role: string; content: string };

/** A reply of the fake judge: the HTTP status and the JSON body. */
export interface JudgeReply {
  status: number;
  body: unknown;
}

const comparable = (question: string) =>
  question
    .normalize('NFKC')
    .trim()
    .replace(/[\s\p{P}]+$/u, '')
    .toLowerCase();

/**
 * The verification side of the fake upstream (SEMANTIC_VERIFIER=llm): recognises the service's
 * yes/no requests by their system message and answers them apart from ordinary chat calls, so
 * `FakeOpenAiServer.calls.chat` keeps counting answers only. It can be held (a verifier timeout) or
 * made to fail.
 */
export class FakeVerifier {
  /** Verification requests seen since the last reset, in order. */
  readonly requests: Body[] = [];
  private gate?: { opened: Promise<void>; open: () => void };
  private failures = 0;

  /** Whether a chat request is one of the service's verification requests. */
  static asks(body: Body): boolean {
    const messages = body.messages as Message[] | undefined;
    return (
      Array.isArray(messages) && messages[0]?.role === 'system' && messages[0].content === VERIFICATION_INSTRUCTIONS
    );
  }

  get calls(): number {
    return this.requests.length;
  }

  /** Verifications wait without an answer until the returned function is called (or reset). */
  hold(): () => void {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gate = { opened, open };
    return () => this.release();
  }

  /** The next `times` verifications answer 500. */
  failNext(times = 1): void {
    this.failures = times;
  }

  async reply(body: Body): Promise<JudgeReply> {
    this.requests.push(body);
    await this.gate?.opened;
    if (this.failures > 0) {
      this.failures--;
      return { status: 500, body: { error: { message: 'injected 500', type: 'server_error', code: null } } };
    }
    const [a, b] = this.questionsOf(body);
    const same =
      comparable(a) === comparable(b) ||
      PARAPHRASE_GROUPS.some((group) => {
        const members = group.map(comparable);
        return members.includes(comparable(a)) && members.includes(comparable(b));
      });
    return { status: 200, body: completion(body, same ? 'yes' : 'no') };
  }

  reset(): void {
    this.requests.length = 0;
    this.failures = 0;
    this.release();
  }

  private release(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  private questionsOf(body: Body): [string, string] {
    const prompt = (body.messages as Message[]).at(-1)?.content ?? '';
    const quoted = (label: string) =>
      JSON.parse(new RegExp(`^Question ${label}: (".*")$`, 'mu').exec(prompt)![1]) as string;
    return [quoted('A'), quoted('B')];
  }
}

function completion(body: Body, content: string) {
  return {
    id: 'chatcmpl-verify',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}
