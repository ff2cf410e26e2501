import Button from '@atlaskit/button/default/button';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import SectionMessage from '@atlaskit/section-message';
import { useState, type ReactNode } from 'react';
import type { AgreementView, AgreementWriteResult } from '../../../src/contract';
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

/** What the last change did, kept while the panel reloads after it. */
interface Notice {
  readonly summary: string;
  /** Why the panel could not be read again after the change, when it could not. */
  readonly problem: string | null;
}

function Agreement({ issueKey }: { issueKey: string }): ReactNode {
  const { state, reload } = useCall('getAgreement', { issueKey });
  const [notice, setNotice] = useState<Notice | null>(null);
  // A change answers what it wrote and the panel after it; when the panel could not be read
  // again, the change stands and the panel is read again on its own.
  const written = (result: AgreementWriteResult): AgreementView | null => {
    setNotice({ summary: result.written.summary, problem: result.viewProblem });
    if (result.view === null) reload();
    return result.view;
  };
  return (
    <Outcome state={state} loading="Reading the epic's agreement…">
      {(loaded) => (
        <Loaded
          key={`${loaded.revision}-${loaded.status ?? 'none'}`}
          loaded={loaded}
          notice={notice}
          onWritten={written}
          onReload={() => {
            setNotice(null);
            reload();
          }}
        />
      )}
    </Outcome>
  );
}

/** The agreement as last answered: a change answers the new view, which replaces it. */
function Loaded({
  loaded,
  notice,
  onWritten,
  onReload,
}: {
  loaded: AgreementView;
  notice: Notice | null;
  onWritten: (result: AgreementWriteResult) => AgreementView | null;
  onReload: () => void;
}): ReactNode {
  const [view, setView] = useState(loaded);
  const [editing, setEditing] = useState(false);
  const repair = useMutation('repairAgreement');
  const written = (result: AgreementWriteResult): void => {
    const next = onWritten(result);
    if (next !== null) setView(next);
    setEditing(false);
  };
  const main = (children: ReactNode): ReactNode => (
    <Page as="main" label={`Technical debt agreement of ${view.epic.key}`}>
      <Stack space="space.150">
        {notice !== null && <WriteNotice notice={notice} />}
        {children}
      </Stack>
    </Page>
  );

  if (editing)
    return main(
      <AgreementForm
        view={view}
        onWritten={written}
        onCancel={() => {
          setEditing(false);
        }}
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
                      if (r.ok) written(r.data);
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
                <DeleteAgreement view={view} onWritten={written} onReload={onReload} />
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
          onWritten={written}
          onEdit={() => {
            setEditing(true);
          }}
          onReload={onReload}
        />
      )}
    </>,
  );
}

/** What the last change wrote, in its own words; and, when the panel could not follow, that it did not. */
function WriteNotice({ notice }: { notice: Notice }): ReactNode {
  if (notice.problem === null)
    return (
      <Text as="p" color="color.text.success" role="status">
        {notice.summary}
      </Text>
    );
  return (
    <SectionMessage appearance="information" title="Saved; the panel is being read again">
      <Text as="p" role="status">
        {notice.summary}
      </Text>
      <Text as="p" color="color.text.subtle">
        Reading the agreement again did not work the first time: {notice.problem}
      </Text>
    </SectionMessage>
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
