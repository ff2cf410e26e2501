import type { FunctionKey } from '../../src/contract-table';

/**
 * A payload for every function of the contract, aimed at a space and at one of its work items (an
 * epic where the function wants one). Typed by the contract's keys, so that a function added to
 * the table without a payload here does not compile: the probes that run every resolver reach it.
 * Boards are named by Jira's number, not by space: `boardId` is one that does not exist unless given
 * (test/resolvers/planning.test.ts probes a hidden board against an absent one).
 */
export function payloadsFor(
  space: string,
  issue: string,
  boardId = 987_654,
): Readonly<Record<FunctionKey, unknown>> {
  const change = { issueKey: issue, revision: 0, writeId: 'probe-write-0001' };
  return {
    getProjectFlow: { projectKey: space },
    getProjectItems: { projectKey: space },
    getFlowPeriods: { projectKey: space },
    getIssueFlow: { issueKey: issue },
    listProjects: {},
    getSettings: { projectKey: space },
    getTypeSample: { projectKey: space },
    getAgreement: { issueKey: issue },
    saveAgreement: {
      ...change,
      terms: {
        reason: 'deadline',
        impact: 'A probe',
        interest: 'low',
        visibility: 'rare',
        outcome: 'A probe',
        repayment: 'lump-sum',
        dueDate: '2030-01-01',
        reviewCadenceDays: 30,
      },
    },
    reviewAgreement: { ...change, note: null },
    repayAgreement: { ...change, note: null },
    cancelAgreement: { ...change, note: null },
    reopenAgreement: { ...change, note: null },
    deleteAgreement: { ...change, confirm: true },
    repairAgreement: { issueKey: issue },
    listAgreements: { projectKeys: [space] },
    exportAgreementRegister: { projectKeys: [space] },
    findPeople: { projectKey: space, query: 'a' },
    saveSettings: { projectKey: space, revision: 0, settings: { trendPeriod: 'month' } },
    listStreams: {},
    getStream: { streamId: 'probe-stream-1' },
    saveStream: { streamId: 'probe-stream-1', revision: 0, stream: { name: 'Probe', spaceKeys: [space] } },
    deleteStream: { streamId: 'probe-stream-1', revision: 1, confirm: true },
    getStreamFlow: { streamId: 'probe-stream-1' },
    getStreamItems: { streamId: 'probe-stream-1', spaceKey: space },
    getStreamPeriods: { streamId: 'probe-stream-1' },
    listStreamAgreements: { streamId: 'probe-stream-1' },
    listReviews: { projectKey: space },
    startReview: { reviewId: 'probe-review-1', projectKey: space },
    getReview: { reviewId: 'probe-review-1' },
    saveReview: { reviewId: 'probe-review-1', revision: 1, content: { observations: 'A probe' } },
    createDecisionItem: {
      reviewId: 'probe-review-1',
      decisionId: 'probe-decision-1',
      projectKey: space,
      writeId: 'probe-write-0001',
    },
    deleteReview: { reviewId: 'probe-review-1', revision: 1, confirm: true },
    listBoards: { projectKey: space },
    getPlan: { boardId },
    addToSprint: { boardId, sprintId: 987_655, issueKey: issue, fromSprintId: null },
    getSprintHistory: { boardId },
  };
}
