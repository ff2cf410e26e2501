import type { SectionProps } from './section-props';
import { cssMap } from '@atlaskit/css';
import { Box } from '@atlaskit/primitives/compiled';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { FLOW_TYPES, type FlowType } from '../../../src/domain/types';
import { FieldMessage, Section, Subtle } from '../../common/components';
import { TYPE_LABELS } from '../../common/format';
import { targetFieldId, type DraftErrors } from './draft';

const styles = cssMap({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'max-content 180px 180px',
    gap: token('space.100'),
    alignItems: 'center',
  },
  unit: { paddingInlineEnd: token('space.100') },
});

/** Each type's band, in percent of completed work, at least and at most. */
export function TargetsSection({
  draft,
  update,
  readOnly,
  errors,
}: SectionProps & { errors: DraftErrors }): ReactNode {
  return (
    <Section title="Targets (share of completed work, %)">
      <Box xcss={styles.grid}>
        <span />
        <Subtle>At least</Subtle>
        <Subtle>At most</Subtle>
        {FLOW_TYPES.map((t) => (
          <TargetRow key={t} type={t} draft={draft} update={update} readOnly={readOnly} errors={errors} />
        ))}
      </Box>
    </Section>
  );
}

function TargetRow({
  type,
  draft,
  update,
  readOnly,
  errors,
}: SectionProps & { type: FlowType; errors: DraftErrors }): ReactNode {
  const set = (bound: 'min' | 'max', value: string): void => {
    update({ targets: { ...draft.targets, [type]: { ...draft.targets[type], [bound]: value } } });
  };
  const input = (bound: 'min' | 'max', words: string): ReactNode => {
    const id = targetFieldId(type, bound);
    const error = errors[id];
    return (
      <div>
        <Textfield
          id={id}
          isDisabled={readOnly}
          aria-label={`${TYPE_LABELS[type]} ${words} (%)`}
          value={draft.targets[type][bound]}
          isInvalid={error !== undefined}
          aria-describedby={error !== undefined ? `${id}-error` : undefined}
          elemAfterInput={
            <Box as="span" xcss={styles.unit}>
              <Subtle>%</Subtle>
            </Box>
          }
          onChange={(e) => {
            set(bound, e.currentTarget.value);
          }}
        />
        <FieldMessage id={`${id}-error`} tone="danger" text={error} />
      </div>
    );
  };
  return (
    <>
      <span>{TYPE_LABELS[type]}</span>
      {input('min', 'at least')}
      {input('max', 'at most')}
    </>
  );
}
