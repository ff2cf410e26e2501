import Button from '@atlaskit/button/default/button';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Textfield from '@atlaskit/textfield';
import { useState, type ReactNode } from 'react';
import type { AgreementView, AgreementWriteResult } from '../../../src/contract';
import { TEXT_LIMITS, type DebtAgreement } from '../../../src/domain/agreement';
import { MutationFailure } from '../../common/error-panel';
import { plural } from '../../common/format';
import { useMutation } from '../../common/use-mutation';
import { DeleteAgreement } from './delete-agreement';
import { useWriteIds } from './write-ids';

type NotedKey = 'reviewAgreement' | 'repayAgreement' | 'cancelAgreement' | 'reopenAgreement';

/**
 * What is left to repay, in words, when marking the agreement repaid would say more than the
 * epic shows; null when every repayment item is done.
 */
function openRepayment(view: AgreementView): string | null {
  const progress = view.progress;
  if (progress === null || progress.items.length === 0)
    return 'No repayment item is recorded under this epic, so nothing shows the debt repaid.';
  if (progress.open > 0)
    return `${plural(progress.open, 'repayment item')} of ${progress.items.length} ${progress.open === 1 ? 'is' : 'are'} still open.`;
  return null;
}

/**
 * The actions a person who may edit the epic has. Each click is a change of its own, with its own
 * id; the same click sent again after a failure keeps its id, so that a retry is recognised
 * rather than applied twice. Marking repaid while repayment is open asks first.
 */
export function AgreementActions({
  view,
  agreement,
  onWritten,
  onEdit,
  onReload,
}: {
  view: AgreementView;
  agreement: DebtAgreement;
  onWritten: (result: AgreementWriteResult) => void;
  onEdit: () => void;
  onReload: () => void;
}): ReactNode {
  const [note, setNote] = useState('');
  const [confirmingRepay, setConfirmingRepay] = useState<string | null>(null);
  const ids = useWriteIds();
  const review = useMutation('reviewAgreement');
  const repay = useMutation('repayAgreement');
  const cancel = useMutation('cancelAgreement');
  const reopen = useMutation('reopenAgreement');
  const mutations: Readonly<Record<NotedKey, typeof review>> = {
    reviewAgreement: review,
    repayAgreement: repay,
    cancelAgreement: cancel,
    reopenAgreement: reopen,
  };
  const running = Object.values(mutations).some((m) => m.state.status === 'running');
  const failed = Object.values(mutations).find((m) => m.state.status === 'failed');
  const act = async (key: NotedKey): Promise<void> => {
    for (const m of Object.values(mutations)) m.reset();
    const request = {
      issueKey: view.epic.key,
      revision: view.revision,
      note: note.trim() === '' ? null : note,
    };
    // The key is part of what names the change: "Mark repaid" is never a retry of "Mark reviewed".
    const result = await mutations[key].run({ ...request, writeId: ids.idFor({ key, ...request }) });
    if (result.ok) {
      ids.forget();
      setNote('');
      onWritten(result.data);
    }
  };
  const button = (key: NotedKey, label: string, appearance: 'default' | 'primary' = 'default'): ReactNode => (
    <Button appearance={appearance} isDisabled={running} onClick={() => void act(key)}>
      {label}
    </Button>
  );
  const noteError = failed?.fieldErrors.note;
  return (
    <Stack space="space.100">
      <Textfield
        aria-label="Note for the history (optional)"
        placeholder="Note for the history (optional)"
        maxLength={TEXT_LIMITS.note}
        value={note}
        isInvalid={noteError !== undefined}
        onChange={(e) => {
          setNote(e.currentTarget.value);
        }}
      />
      <Inline space="space.100" shouldWrap>
        {agreement.state === 'open' ? (
          <>
            {button('reviewAgreement', 'Mark reviewed', 'primary')}
            <Button isDisabled={running} onClick={onEdit}>
              Edit
            </Button>
            <Button
              isDisabled={running}
              onClick={() => {
                const open = openRepayment(view);
                if (open === null) void act('repayAgreement');
                else setConfirmingRepay(open);
              }}
            >
              Mark repaid
            </Button>
            {button('cancelAgreement', 'Cancel the agreement')}
          </>
        ) : (
          button('reopenAgreement', 'Reopen')
        )}
        <DeleteAgreement view={view} onWritten={onWritten} onReload={onReload} />
      </Inline>
      {failed?.state.status === 'failed' && (
        <MutationFailure error={failed.state.error} onReload={onReload} />
      )}
      <ModalTransition>
        {confirmingRepay !== null && (
          <Modal
            onClose={() => {
              setConfirmingRepay(null);
            }}
            width="small"
          >
            <ModalHeader>
              <ModalTitle appearance="warning">Mark the agreement of {view.epic.key} repaid?</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Text as="p">{confirmingRepay}</Text>
              <Text as="p">
                Marked repaid, it leaves the register's open agreements and the reminders; its interest
                evidence starts comparing the project before and after today.
              </Text>
            </ModalBody>
            <ModalFooter>
              <Button
                appearance="subtle"
                onClick={() => {
                  setConfirmingRepay(null);
                }}
              >
                Keep it open
              </Button>
              <Button
                appearance="warning"
                onClick={() => {
                  setConfirmingRepay(null);
                  void act('repayAgreement');
                }}
              >
                Mark repaid
              </Button>
            </ModalFooter>
          </Modal>
        )}
      </ModalTransition>
    </Stack>
  );
}
