import { startSurface } from '../../common/surface';
import { IssueFlowPanel } from './issue-flow-panel';

startSurface(<IssueFlowPanel />);
