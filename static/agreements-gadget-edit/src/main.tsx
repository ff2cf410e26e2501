import { startSurface } from '../../common/surface';
import { AgreementsGadgetEdit } from './agreements-gadget-edit';

startSurface(<AgreementsGadgetEdit />);
