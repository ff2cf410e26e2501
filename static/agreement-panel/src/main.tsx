import { startSurface } from '../../common/surface';
import { AgreementPanel } from './agreement-panel';

startSurface(<AgreementPanel />);
