import { callEarly, startEarly } from '../../common/early-start';

// The panel loads on every work item's view: its one call goes out while React and Atlaskit load
// (the HTML preloads the app's chunk beside this one; docs/ui-bundles.md).
startEarly((context) => {
  if (context.issueKey !== null) callEarly('getIssueFlow', { issueKey: context.issueKey });
});
import('./app').catch(() => {
  const root = document.getElementById('root');
  if (root !== null) root.textContent = 'Flow Ledger could not load. Reload the page to try again.';
});
