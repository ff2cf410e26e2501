import Button from '@atlaskit/button/default/button';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { FLOW_TYPES, type FlowType } from '../../../src/domain/types';
import type { TypePreview } from '../../../src/domain/type-preview';
import { BORDER, TEXT_SUBTLE } from '../../common/components';
import { plural, TYPE_LABELS } from '../../common/format';
import type { Draft } from './draft';
import type { SectionProps } from './section-props';

const typeOption = (t: FlowType): { value: FlowType; label: string } => ({
  value: t,
  label: TYPE_LABELS[t].replace(/s$/, ''),
});

/** The type rules, tried in order, each with its type, labels and issue types. */
// Fixed outer columns, so that the headers sit over the fields of every row.
const COLUMNS = '130px minmax(0, 1fr) minmax(0, 1fr) 84px 216px';

/** What the draft of the rules does to the space's recent work items, as it is typed. */
export interface RulePreview {
  readonly preview: TypePreview;
  readonly from: string;
  readonly to: string;
}

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
  const head = { color: TEXT_SUBTLE, fontSize: 12, fontWeight: 600 } as const;
  return (
    <div>
      <div
        aria-hidden
        style={{ display: 'grid', gridTemplateColumns: COLUMNS, gap: token('space.100'), ...head }}
      >
        <span>Type</span>
        <span>Any of these labels</span>
        <span>Or any of these work types</span>
        <span style={{ textAlign: 'right' }}>Work items</span>
        <span />
      </div>
      {draft.rules.map((rule, i) => (
        <div
          key={i}
          role="group"
          aria-label={`Rule ${i + 1}`}
          style={{
            display: 'grid',
            gridTemplateColumns: COLUMNS,
            gap: token('space.100'),
            alignItems: 'center',
            padding: `${token('space.075')} 0`,
            borderBottom: `1px solid ${BORDER}`,
          }}
        >
          <Select
            label={`Rule ${i + 1} type`}
            isDisabled={readOnly}
            value={typeOption(rule.type)}
            options={FLOW_TYPES.map(typeOption)}
            onChange={(o) => {
              if (o !== null) set(i, { type: o.value });
            }}
          />
          <Textfield
            aria-label={`Rule ${i + 1} labels`}
            placeholder="labels, comma-separated"
            value={rule.labels}
            onChange={(e) => {
              set(i, { labels: e.currentTarget.value });
            }}
          />
          <Textfield
            aria-label={`Rule ${i + 1} work types`}
            placeholder="work types, comma-separated"
            value={rule.issueTypes}
            onChange={(e) => {
              set(i, { issueTypes: e.currentTarget.value });
            }}
          />
          <span style={{ textAlign: 'right' }} aria-label={`Rule ${i + 1} decides`}>
            {preview === null ? '–' : (preview.preview.byRule[i] ?? 0)}
          </span>
          <div style={{ display: 'flex', gap: token('space.050') }}>
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
          </div>
        </div>
      ))}
      <div style={{ marginTop: token('space.100') }}>
        <Button
          isDisabled={readOnly}
          onClick={() => {
            update({ rules: [...draft.rules, { type: 'debt', labels: '', issueTypes: '' }] });
          }}
        >
          Add rule
        </Button>
      </div>
      <PreviewLine preview={preview} />
    </div>
  );
}

/** Where the rules, as typed, put the space's work items of the last weeks at the flow-item level. */
function PreviewLine({ preview }: { preview: RulePreview | null }): ReactNode {
  if (preview === null) return null;
  const { total, byType, unmatched } = preview.preview;
  return (
    <p role="status" style={{ color: TEXT_SUBTLE, fontSize: 12 }}>
      {total === 0
        ? `No work item from ${preview.from} to ${preview.to} is at the chosen flow-item level.`
        : `With these rules, the ${plural(total, 'work item')} from ${preview.from} to ${preview.to} at this level are: ${FLOW_TYPES.map((t) => `${TYPE_LABELS[t]} ${byType[t]}`).join(', ')} (${unmatched} by default, no rule matching).`}
    </p>
  );
}
