import { startSurface } from '../../common/surface';
import { SettingsPage } from './settings-page';

startSurface(<SettingsPage />);
