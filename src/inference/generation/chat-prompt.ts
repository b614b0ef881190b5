/**
 * A conversation about one image, as the chat messages SmolVLM's template expects: the image rides on the first
 * user turn only, so follow-up questions reuse it instead of sending it again.
 */
import type { ChatTurn } from '../../protocol/messages';

export type ChatContent = { type: 'image' } | { type: 'text'; text: string };

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: ChatContent[];
}

export function chatMessagesFor(conversation: readonly ChatTurn[]): ChatMessage[] {
  let imagePlaced = false;
  return conversation.map((turn) => {
    const content: ChatContent[] = [];
    if (turn.role === 'user' && !imagePlaced) {
      content.push({ type: 'image' });
      imagePlaced = true;
    }
    content.push({ type: 'text', text: turn.text });
    return { role: turn.role, content };
  });
}

/** The conversation must end with the person's question, and say something. */
export function conversationProblem(conversation: readonly ChatTurn[]): string | null {
  const last = conversation.at(-1);
  if (!last) return 'There is no question to answer.';
  if (last.role !== 'user') return 'The conversation must end with a question.';
  if (last.text.trim() === '') return 'The question is empty.';
  return null;
}
