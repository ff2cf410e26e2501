import Button from '@atlaskit/button/default/button';
import { useState, type ReactNode } from 'react';
import type { ErrorBody, Result } from '../../../src/contract';
import { download } from '../../common/download';
import { ErrorPanel } from '../../common/error-panel';

/**
 * The rows behind the figures, one per work item (as `flow-ledger items` writes them), fetched
 * when asked for: most visits never need them, and a large window makes a large answer.
 */
export function ExportItems({
  load,
}: {
  /** Reads the rows and writes them as CSV, with the file's name. */
  load: () => Promise<Result<{ readonly csv: string; readonly filename: string }>>;
}): ReactNode {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ErrorBody | null>(null);
  const exportItems = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    const result = await load();
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    download(result.data.csv, result.data.filename);
  };
  return (
    <>
      <Button isDisabled={busy} onClick={() => void exportItems()}>
        {busy ? 'Exporting work items…' : 'Export work items'}
      </Button>
      {failure !== null && <ErrorPanel code={failure.code} message={failure.message} />}
    </>
  );
}
