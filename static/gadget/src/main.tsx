import { startSurface } from '../../common/surface';
import { FlowGadget } from './flow-gadget';

startSurface(<FlowGadget />);
