// The questions a review asks before it is recorded: a dispute's reason, a resolution's credit
// note (number and amount). One question at a time, answered in the ReviewDialog.
import { create } from 'zustand';

export interface ReviewAnswer {
  reason?: string;
  creditNote?: string;
  creditAmount?: string;
}

interface Prompt {
  state: 'disputed' | 'resolved';
  count: number;
  answer: (a: ReviewAnswer | null) => void;
}

export const useReviewPrompt = create<{ prompt: Prompt | null }>(() => ({ prompt: null }));

/** Asks for what a dispute or a resolution needs; null when the person cancels. */
export function askReview(state: 'disputed' | 'resolved', count: number): Promise<ReviewAnswer | null> {
  useReviewPrompt.getState().prompt?.answer(null);
  return new Promise((resolve) => {
    useReviewPrompt.setState({
      prompt: {
        state,
        count,
        answer: (a) => {
          useReviewPrompt.setState({ prompt: null });
          resolve(a);
        },
      },
    });
  });
}
