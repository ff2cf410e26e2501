import type { ErrorCode } from '../../src/contract';

/** What each error code means to the person looking at the page (docs/architecture.md: one table). */
export const ERROR_WORDS: Readonly<Record<ErrorCode, { title: string; advice: string }>> = {
  INVALID_INPUT: { title: 'That request was not valid', advice: 'Check the values you entered.' },
  NOT_FOUND: { title: 'Not found', advice: 'It does not exist, or you do not have permission to see it.' },
  NOT_PERMITTED: { title: 'Not allowed', advice: 'Ask a space administrator.' },
  CONFLICT: {
    title: 'Someone else changed this',
    advice: 'Reload to see the latest version, then make your change again.',
  },
  JIRA_UNAVAILABLE: { title: 'Jira did not answer', advice: 'Try again in a moment.' },
  STORAGE_UNAVAILABLE: {
    title: "Flow Ledger's storage did not answer",
    advice: 'Try again in a moment.',
  },
  RATE_LIMITED: { title: 'Jira is busy', advice: 'Too many requests right now; try again in a minute.' },
  TOO_LARGE: { title: 'Too large', advice: 'Choose a shorter window or fewer items.' },
  INTERNAL: {
    title: 'Something went wrong in Flow Ledger',
    advice: 'Try again; if it persists, tell your Jira administrator.',
  },
};
