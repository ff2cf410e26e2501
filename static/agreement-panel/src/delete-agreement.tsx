import Button from '@atlaskit/button/default/button';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import { Text } from '@atlaskit/primitives/compiled';
import { useState, type ReactNode } from 'react';
import type { AgreementView, AgreementWriteResult } from '../../../src/contract';
import { MutationFailure } from '../../common/error-panel';
import { useMutation } from '../../common/use-mutation';
import { useWriteIds } from './write-ids';

/**
 * Deleting is not cancelling: it removes the property and the label, and the history with them,
 * so it asks first. Cancelling keeps the record.
 */
export function DeleteAgreement({
  view,
  onWritten,
  onReload,
}: {
  view: AgreementView;
  onWritten: (result: AgreementWriteResult) => void;
  onReload: () => void;
}): ReactNode {
  const [asking, setAsking] = useState(false);
  const remove = useMutation('deleteAgreement');
  const ids = useWriteIds();
  const confirm = async (): Promise<void> => {
    const request = { issueKey: view.epic.key, revision: view.revision, confirm: true as const };
    const r = await remove.run({ ...request, writeId: ids.idFor(request) });
    if (r.ok) {
      ids.forget();
      setAsking(false);
      onWritten(r.data);
    }
  };
  return (
    <>
      <Button
        appearance="subtle"
        onClick={() => {
          setAsking(true);
        }}
      >
        Delete…
      </Button>
      <ModalTransition>
        {asking && (
          <Modal
            onClose={() => {
              setAsking(false);
            }}
            width="small"
          >
            <ModalHeader>
              <ModalTitle appearance="danger">Delete the agreement of {view.epic.key}?</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Text as="p">
                This removes what is recorded on the epic, its history and its label. To keep the record of a
                shortcut the team no longer means to repay, cancel the agreement instead.
              </Text>
              {remove.state.status === 'failed' && (
                <MutationFailure error={remove.state.error} onReload={onReload} />
              )}
            </ModalBody>
            <ModalFooter>
              <Button
                appearance="subtle"
                onClick={() => {
                  setAsking(false);
                }}
              >
                Keep it
              </Button>
              <Button
                appearance="danger"
                isDisabled={remove.state.status === 'running'}
                onClick={() => void confirm()}
              >
                Delete
              </Button>
            </ModalFooter>
          </Modal>
        )}
      </ModalTransition>
    </>
  );
}
