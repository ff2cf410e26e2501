import { startSurface } from '../../common/surface';
import { DrillDownModal } from './drill-down';

startSurface(<DrillDownModal />);
