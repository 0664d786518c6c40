import { semanticAllowedForConversation } from './conversation-policy';

describe('semanticAllowedForConversation', () => {
  it('allows a conversation up to the bound', () => {
    expect(semanticAllowedForConversation({ turns: 1, toolResults: false }, 3)).toBe(true);
    expect(semanticAllowedForConversation({ turns: 3, toolResults: false }, 3)).toBe(true);
  });

  it('refuses a longer conversation', () => {
    expect(semanticAllowedForConversation({ turns: 4, toolResults: false }, 3)).toBe(false);
  });

  it('refuses any conversation that carries a tool result', () => {
    expect(semanticAllowedForConversation({ turns: 1, toolResults: true }, 3)).toBe(false);
  });
});
