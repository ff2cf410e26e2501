import SectionMessage from '@atlaskit/section-message';
import { startSurface } from '../../common/surface';
import { page } from '../../common/components';

// Technical-debt agreements (docs/debt-agreements.md) are not built yet; the panel says so plainly.
startSurface(
  <main style={page}>
    <SectionMessage title="Technical-debt agreements are not available yet">
      <p>
        This panel will record the shortcut this epic stands for: why it was taken, what it costs, the outcome
        repaying it serves, and when it is due. Flow Ledger does not store agreements yet.
      </p>
    </SectionMessage>
  </main>,
);
