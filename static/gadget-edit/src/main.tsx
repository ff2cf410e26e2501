import { startSurface } from '../../common/surface';
import { FlowGadgetEdit } from './flow-gadget-edit';

startSurface(<FlowGadgetEdit />);
