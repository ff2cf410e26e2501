import { Stack, Text } from '@atlaskit/primitives/compiled';
import type { ReactNode } from 'react';
import type { RegisterView } from '../../../src/contract';
import { RegisterTable } from '../../common/agreement-register';
import { STATUS_WORDS } from '../../common/agreement-words';
import { Outcome, Page } from '../../common/components';
import { plural } from '../../common/format';
import { readAgreementsGadgetConfig, type AgreementsGadgetConfig } from '../../common/gadget-config';
import { useCall } from '../../common/use-call';
import { SpaceNotVisible, WithGadgetConfig } from '../../common/with-gadget-config';

/** A dashboard's list of technical-debt agreements across spaces, ranked. */
export function AgreementsGadget(): ReactNode {
  return (
    <WithGadgetConfig
      read={readAgreementsGadgetConfig}
      unconfigured="Choose the spaces whose technical-debt agreements it lists."
    >
      {(config) => <AgreementsOf config={config} />}
    </WithGadgetConfig>
  );
}

function AgreementsOf({ config }: { config: AgreementsGadgetConfig }): ReactNode {
  const { state } = useCall('listAgreements', {
    projectKeys: [...config.projectKeys],
    ...(config.statuses.length > 0 ? { statuses: [...config.statuses] } : {}),
  });
  return (
    <Outcome
      state={state}
      loading={`Reading the agreements of ${config.projectKeys.join(', ')}…`}
      notFound={(message) => <SpaceNotVisible message={message} />}
    >
      {(view) => <Agreements view={view} config={config} />}
    </Outcome>
  );
}

function Agreements({ view, config }: { view: RegisterView; config: AgreementsGadgetConfig }): ReactNode {
  const overdue = view.rows.filter((r) => r.status === 'overdue').length;
  const which =
    config.statuses.length === 0 ? '' : ` (${config.statuses.map((s) => STATUS_WORDS[s].label).join(', ')})`;
  return (
    <Page>
      <Stack space="space.100">
        <Text color="color.text.subtle">
          {view.projectKeys.join(', ')}: {plural(view.rows.length, 'agreement')}
          {which}, {overdue} overdue, {view.dueForReviewThisWeek} due for review this week
        </Text>
        <RegisterTable
          rows={view.rows}
          showProject={view.projectKeys.length > 1}
          caption="Technical debt agreements, ranked"
        />
      </Stack>
    </Page>
  );
}
