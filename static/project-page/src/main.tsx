import { startSurface } from '../../common/surface';
import { ProjectFlowPage } from './project-flow-page';

startSurface(<ProjectFlowPage />);
