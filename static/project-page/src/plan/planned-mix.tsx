import { cssMap } from '@atlaskit/css';
import Lozenge from '@atlaskit/lozenge';
import { Box, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import type { PlanView } from '../../../../src/contract-plan';
import { Subtle, TypeLozenge } from '../../../common/components';
import { Cell, DataTable, HeadRow, RowHead } from '../../../common/data-table';
import { band, FLOW_TYPE_ORDER, percent, plural } from '../../../common/format';
import { BandBar } from './band-bar';
import { estimateShare, gapSentence, judgedLine, mixNotes, STANDING_WORDS, standingOf } from './plan-words';

const styles = cssMap({
  list: { paddingInlineStart: token('space.250'), marginBlock: token('space.0') },
  bar: { minWidth: '140px' },
});

/**
 * The planned mix: each type's count and share against its band (drawn on a bar), its standing,
 * and for each band off the plan the work items that would bring it within, in a sentence. Under
 * it, how the bands are judged and what the figures leave out.
 */
export function PlannedMix({ plan }: { plan: PlanView }): ReactNode {
  const { mix } = plan;
  const estimates = mix.estimates;
  const sentences = mix.targets.map(gapSentence).filter((s): s is string => s !== null);
  const notes = mixNotes(plan);
  return (
    <Stack space="space.150">
      <DataTable label="Planned mix" width="medium" small>
        <HeadRow
          columns={[
            { name: 'Type' },
            { name: 'Work items', align: 'end' },
            { name: 'Share', align: 'end' },
            ...(estimates === null ? [] : [{ name: `By ${estimates.field}`, align: 'end' as const }]),
            { name: 'Band' },
            { name: 'Against the band' },
          ]}
        />
        <tbody>
          {FLOW_TYPE_ORDER.map((type) => {
            const target = mix.targets.find((t) => t.type === type);
            const share = mix.counts.total === 0 ? 0 : mix.counts.byType[type] / mix.counts.total;
            const standing = target === undefined ? null : STANDING_WORDS[standingOf(target)];
            return (
              <tr key={type}>
                <RowHead>
                  <TypeLozenge type={type} />
                </RowHead>
                <Cell align="end">{mix.counts.byType[type]}</Cell>
                <Cell align="end">{mix.counts.total === 0 ? '–' : percent(share)}</Cell>
                {estimates !== null && (
                  <Cell align="end">
                    {estimates.byType[type]} ({percent(estimateShare(mix, type))})
                  </Cell>
                )}
                <Cell>
                  <Box xcss={styles.bar}>
                    <BandBar type={type} share={share} min={target?.min ?? null} max={target?.max ?? null} />
                  </Box>
                  <Subtle>{target === undefined ? 'no band' : band(target.min, target.max)}</Subtle>
                </Cell>
                <Cell>
                  {standing === null ? (
                    '–'
                  ) : (
                    <Lozenge appearance={standing.appearance}>{standing.label}</Lozenge>
                  )}
                </Cell>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
      <Text as="p">
        {mix.counts.total === 0
          ? 'Nothing is planned yet, so no band can be judged.'
          : `${plural(mix.counts.total, 'work item')} planned${estimates === null ? '' : `, ${estimates.total} ${estimates.field}`}.`}
      </Text>
      {sentences.length > 0 ? (
        <Stack as="ul" space="space.050" xcss={styles.list} aria-label="To bring the plan within its bands">
          {sentences.map((s) => (
            <li key={s}>
              <Text weight="bold">{s}</Text>
            </li>
          ))}
        </Stack>
      ) : (
        mix.counts.total > 0 &&
        mix.targets.length > 0 && <Text as="p">Every band is met by what is planned.</Text>
      )}
      <Subtle block>{judgedLine(mix)}</Subtle>
      {notes.map((n) => (
        <Subtle block key={n}>
          {n}
        </Subtle>
      ))}
      {mix.targets.length === 0 && (
        <Subtle block>No band is set for any type, so nothing is judged against one.</Subtle>
      )}
    </Stack>
  );
}
