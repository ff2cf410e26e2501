import { startSurface } from '../../common/surface';
import { AgreementsGadget } from './agreements-gadget';

startSurface(<AgreementsGadget />);
