import { cssMap } from '@atlaskit/css';
import { Box } from '@atlaskit/primitives/compiled';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { Page, PageLoading, TextButton } from '../../../common/components';
import { StreamAgreements } from './stream-agreements';
import { useViewHistory } from '../../../common/use-view-history';
import { StreamEditor } from './stream-editor';
import { StreamFlow } from './stream-flow';
import { StreamList } from './stream-list';
import { ReviewTab } from '../review/review-tab';
import { formatStreamsView, parseStreamsView, streamView } from './streams-view';

/**
 * The value streams page (`jira:globalPage`, in Jira's apps menu; docs/value-streams.md): the list
 * of streams, one stream over a window with each team side by side, and the form that creates or
 * changes one. Which of them, and the stream's window, live in the page's history, so that a view
 * can be kept and sent.
 */
const styles = cssMap({
  // As on the project page: a tab panel may be narrower than its widest unbreakable part.
  tab: { paddingBlockStart: token('space.200'), width: '100%', minWidth: '0' },
});

const TABS = ['flow', 'review', 'agreements'] as const;

export function StreamsPage(): ReactNode {
  const { ready, view, show } = useViewHistory(parseStreamsView, formatStreamsView);
  if (!ready) return <PageLoading label="Opening the value streams…" />;
  const toList = (): void => {
    show({ kind: 'list' });
  };
  return (
    <Page as="main">
      {view.kind === 'list' && (
        <StreamList
          onOpen={(id) => {
            show(streamView(id));
          }}
          onNew={() => {
            show({ kind: 'new' });
          }}
        />
      )}
      {view.kind === 'new' && (
        <StreamEditor
          streamId={null}
          onSaved={(id) => {
            show(streamView(id));
          }}
          onDeleted={toList}
          onCancel={toList}
        />
      )}
      {view.kind === 'stream' && view.editing && (
        <StreamEditor
          streamId={view.streamId}
          onSaved={() => {
            show({ ...view, editing: false });
          }}
          onDeleted={toList}
          onCancel={() => {
            show({ ...view, editing: false });
          }}
        />
      )}
      {view.kind === 'stream' && !view.editing && (
        <>
          <TextButton onClick={toList}>All value streams</TextButton>
          <Tabs
            id="stream-tabs"
            selected={TABS.indexOf(view.tab)}
            onChange={(index) => {
              show({ ...view, tab: TABS[index] ?? 'flow' });
            }}
          >
            <TabList>
              <Tab>Flow</Tab>
              <Tab>Monthly review</Tab>
              <Tab>Debt agreements</Tab>
            </TabList>
            <TabPanel>
              <Box xcss={styles.tab}>{view.tab === 'flow' && <StreamFlow view={view} show={show} />}</Box>
            </TabPanel>
            <TabPanel>
              {view.tab === 'review' && (
                <ReviewTab
                  scope={{ streamId: view.streamId }}
                  choice={view.review}
                  onChoose={(review) => {
                    show({ ...view, review });
                  }}
                />
              )}
            </TabPanel>
            <TabPanel>
              <Box xcss={styles.tab}>
                {view.tab === 'agreements' && <StreamAgreements streamId={view.streamId} />}
              </Box>
            </TabPanel>
          </Tabs>
        </>
      )}
    </Page>
  );
}
