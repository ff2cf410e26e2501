import Button from '@atlaskit/button/default/button';
import { cssMap, cx } from '@atlaskit/css';
import { Box, Inline, Text } from '@atlaskit/primitives/compiled';
import Select from '@atlaskit/select';
import TextArea from '@atlaskit/textarea';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { FLOW_TYPES, type FlowType } from '../../../src/domain/types';
import type { TypePreview } from '../../../src/domain/type-preview';
import { Subtle } from '../../common/components';
import { plural, TYPE_LABELS } from '../../common/format';
import type { Draft } from './draft';
import type { SectionProps } from './section-props';

const typeOption = (t: FlowType): { value: FlowType; label: string } => ({
  value: t,
  label: TYPE_LABELS[t].replace(/s$/, ''),
});

// Fixed outer columns, so that the headers sit over the fields of every row.
const styles = cssMap({
  columns: {
    display: 'grid',
    gridTemplateColumns: '130px minmax(0, 1fr) minmax(0, 1fr) 84px 216px',
    gap: token('space.100'),
    alignItems: 'center',
  },
  rule: {
    paddingBlock: token('space.075'),
    borderBlockEndWidth: token('border.width'),
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: token('color.border'),
  },
  end: { textAlign: 'end' },
  add: { marginBlockStart: token('space.100') },
});

/** What the draft of the rules does to the space's recent work items, as it is typed. */
export interface RulePreview {
  readonly preview: TypePreview;
  readonly from: string;
  readonly to: string;
}

/** The type rules, tried in order, each with its type, labels and work types. */
export function RuleList({
  draft,
  update,
  readOnly,
  preview,
}: SectionProps & { preview: RulePreview | null }): ReactNode {
  const set = (i: number, change: Partial<Draft['rules'][number]>): void => {
    update({ rules: draft.rules.map((r, j) => (j === i ? { ...r, ...change } : r)) });
  };
  const move = (i: number, by: number): void => {
    const rules = [...draft.rules];
    const [r] = rules.splice(i, 1);
    if (r !== undefined) rules.splice(i + by, 0, r);
    update({ rules });
  };
  return (
    <div>
      <Box xcss={styles.columns} aria-hidden>
        <ColumnHead>Type</ColumnHead>
        <ColumnHead>Any of these labels</ColumnHead>
        <ColumnHead>Or any of these work types</ColumnHead>
        <Box as="span" xcss={styles.end}>
          <ColumnHead>Work items</ColumnHead>
        </Box>
        <span />
      </Box>
      {draft.rules.map((rule, i) => (
        <Box key={i} xcss={cx(styles.columns, styles.rule)} role="group" aria-label={`Rule ${i + 1}`}>
          <Select
            label={`Rule ${i + 1} type`}
            isDisabled={readOnly}
            value={typeOption(rule.type)}
            options={FLOW_TYPES.map(typeOption)}
            onChange={(o) => {
              if (o !== null) set(i, { type: o.value });
            }}
          />
          {/* A list grows the field rather than scroll out of sight inside it. */}
          <TextArea
            aria-label={`Rule ${i + 1} labels`}
            placeholder="labels, comma-separated"
            resize="smart"
            minimumRows={1}
            isDisabled={readOnly}
            value={rule.labels}
            onChange={(e) => {
              set(i, { labels: e.currentTarget.value });
            }}
          />
          <TextArea
            aria-label={`Rule ${i + 1} work types`}
            placeholder="work types, comma-separated"
            resize="smart"
            minimumRows={1}
            isDisabled={readOnly}
            value={rule.issueTypes}
            onChange={(e) => {
              set(i, { issueTypes: e.currentTarget.value });
            }}
          />
          <Box as="span" xcss={styles.end} aria-label={`Rule ${i + 1} decides`}>
            {preview === null ? '–' : (preview.preview.byRule[i] ?? 0)}
          </Box>
          <Inline space="space.050">
            <Button
              isDisabled={readOnly || i === 0}
              onClick={() => {
                move(i, -1);
              }}
            >
              Up
            </Button>
            <Button
              isDisabled={readOnly || i === draft.rules.length - 1}
              onClick={() => {
                move(i, 1);
              }}
            >
              Down
            </Button>
            <Button
              isDisabled={readOnly}
              onClick={() => {
                update({ rules: draft.rules.filter((_, j) => j !== i) });
              }}
            >
              Remove
            </Button>
          </Inline>
        </Box>
      ))}
      <Box xcss={styles.add}>
        <Button
          isDisabled={readOnly}
          onClick={() => {
            update({ rules: [...draft.rules, { type: 'debt', labels: '', issueTypes: '' }] });
          }}
        >
          Add rule
        </Button>
      </Box>
      <PreviewLine preview={preview} />
    </div>
  );
}

function ColumnHead({ children }: { children: string }): ReactNode {
  return (
    <Text size="small" weight="semibold" color="color.text.subtle">
      {children}
    </Text>
  );
}

/** Where the rules, as typed, put the space's work items of the last weeks at the flow-item level. */
function PreviewLine({ preview }: { preview: RulePreview | null }): ReactNode {
  if (preview === null) return null;
  const { total, byType, unmatched } = preview.preview;
  return (
    <p role="status">
      <Subtle>
        {total === 0
          ? `No work item from ${preview.from} to ${preview.to} is at the chosen flow-item level.`
          : `With these rules, the ${plural(total, 'work item')} from ${preview.from} to ${preview.to} at this level are: ${FLOW_TYPES.map((t) => `${TYPE_LABELS[t]} ${byType[t]}`).join(', ')} (${unmatched} by default, no rule matching). These are every work item the window reads, done or not; the project page's velocity counts only those completed in its window, so it counts fewer.`}
      </Subtle>
    </p>
  );
}
