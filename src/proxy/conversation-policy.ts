/** What the agent-safe semantic policy reads of a conversation, whatever its protocol. */
export interface ConversationShape {
  /** Messages of the conversation, system and developer instructions not counted. */
  turns: number;
  /** Whether a message carries a tool's result (a `tool` message, `function_call_output`, a `tool_result` block). */
  toolResults: boolean;
}

/**
 * Whether the semantic layer may answer and store a conversation of this shape. Turns of one agent
 * loop look alike to an embedder (the growing history barely moves the last question), and an
 * answer that depends on a tool's output is only right for that output: such requests are matched
 * by exact key only.
 */
export function semanticAllowedForConversation(shape: ConversationShape, maxMessages: number): boolean {
  return !shape.toolResults && shape.turns <= maxMessages;
}
