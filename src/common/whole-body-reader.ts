import { AnswerReader, ReadAnswer } from './cached-answer';

/** An {@link AnswerReader} for answers read in one piece (JSON): keeps the bytes, parses once at the end. */
export class WholeBodyReader implements AnswerReader {
  private readonly parts: Buffer[] = [];

  constructor(private readonly parse: (body: Buffer) => ReadAnswer) {}

  feed(chunk: Buffer): void {
    this.parts.push(chunk);
  }

  result(): ReadAnswer {
    return this.parse(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts));
  }
}
