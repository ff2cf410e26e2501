import Button from '@atlaskit/button/default/button';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { useState, type ReactNode } from 'react';
import type { AgreementView } from '../../../src/contract';
import { Outcome, Page } from '../../common/components';
import { MutationFailure } from '../../common/error-panel';
import { useCall } from '../../common/use-call';
import { useMutation } from '../../common/use-mutation';
import { WithSurfaceKey } from '../../common/use-surface';
import { AgreementForm } from './agreement-form';
import { AgreementRead } from './agreement-read';
import { DeleteAgreement } from './delete-agreement';

/** The epic's technical-debt agreement: what it is, how it stands, and what can be done with it. */
export function AgreementPanel(): ReactNode {
  return <WithSurfaceKey needs="issue">{(issueKey) => <Agreement issueKey={issueKey} />}</WithSurfaceKey>;
}

function Agreement({ issueKey }: { issueKey: string }): ReactNode {
  const { state, reload } = useCall('getAgreement', { issueKey });
  return (
    <Outcome state={state} loading="Reading the epic's agreement…">
      {(loaded) => (
        <Loaded key={`${loaded.revision}-${loaded.status ?? 'none'}`} loaded={loaded} onReload={reload} />
      )}
    </Outcome>
  );
}

/** The agreement as last answered: a change answers the new view, which replaces it. */
function Loaded({ loaded, onReload }: { loaded: AgreementView; onReload: () => void }): ReactNode {
  const [view, setView] = useState(loaded);
  const [editing, setEditing] = useState(false);
  const repair = useMutation('repairAgreement');
  const main = (children: ReactNode): ReactNode => (
    <Page as="main" label={`Technical debt agreement of ${view.epic.key}`}>
      <Stack space="space.150">{children}</Stack>
    </Page>
  );

  if (editing)
    return main(
      <AgreementForm
        view={view}
        onSaved={(next) => {
          setView(next);
          setEditing(false);
        }}
        onCancel={() => {
          setEditing(false);
        }}
        onReload={onReload}
      />,
    );

  return main(
    <>
      {view.status === 'invalid' && (
        <SectionMessage appearance="warning" title="This agreement needs a repair">
          <Stack space="space.100">
            <Text>{view.problem}</Text>
            {view.canEdit && view.repair !== null && (
              <Inline>
                <Button
                  isDisabled={repair.state.status === 'running'}
                  onClick={() =>
                    void repair.run({ issueKey: view.epic.key }).then((r) => {
                      if (r.ok) setView(r.data);
                    })
                  }
                >
                  {view.repair === 'add-label' ? 'Add the tech-debt-agreement label' : 'Remove the label'}
                </Button>
              </Inline>
            )}
            {view.canEdit && view.agreement === null && view.repair === null && (
              <Inline space="space.100" alignBlock="center">
                <Text>Record the agreement again, or delete what is stored.</Text>
                <DeleteAgreement view={view} onDeleted={setView} onReload={onReload} />
              </Inline>
            )}
            {repair.state.status === 'failed' && (
              <MutationFailure error={repair.state.error} onReload={onReload} />
            )}
          </Stack>
        </SectionMessage>
      )}
      {view.agreement === null ? (
        <Empty
          view={view}
          onRecord={() => {
            setEditing(true);
          }}
        />
      ) : (
        <AgreementRead
          view={view}
          onChanged={setView}
          onEdit={() => {
            setEditing(true);
          }}
          onReload={onReload}
        />
      )}
    </>,
  );
}

function Empty({ view, onRecord }: { view: AgreementView; onRecord: () => void }): ReactNode {
  return (
    <Stack space="space.100">
      <Text>
        A technical-debt agreement records a shortcut the team took on purpose on this epic: why it was taken,
        what it costs, and when or on what trigger it will be repaid. Flow Ledger keeps its status, reminds
        the team to review it, and puts the epic's flow beside it.
      </Text>
      {view.canEdit ? (
        <Inline>
          <Button appearance="primary" onClick={onRecord}>
            Record an agreement
          </Button>
        </Inline>
      ) : (
        <Text color="color.text.subtle">
          You may not edit this epic, so you cannot record an agreement on it.
        </Text>
      )}
    </Stack>
  );
}
