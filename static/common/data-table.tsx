import { cssMap, cx } from '@atlaskit/css';
import { Box } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { Subtle } from './components';

/**
 * The one look of the surfaces' tables of figures and rows (durations, a count's work items,
 * statuses, interest evidence): a rule under each row, subtle column heads, figures aligned at
 * their end. A cssMap's rules go into the page with the elements of the file that defines it, so
 * the cells live here rather than as styles other files import.
 */
const styles = cssMap({
  table: { borderCollapse: 'collapse', width: '100%' },
  narrow: { maxWidth: '640px' },
  medium: { maxWidth: '760px' },
  small: { font: token('font.body.small') },
  // Atlaskit's reset gives a caption a heading's top margin: the table sits under its section's title.
  caption: { textAlign: 'start', marginBlock: token('space.0'), paddingBlockEnd: token('space.050') },
  cell: {
    paddingBlock: token('space.050'),
    paddingInline: token('space.100'),
    borderBlockEndWidth: token('border.width'),
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: token('color.border'),
    textAlign: 'start',
    verticalAlign: 'middle',
  },
  head: { color: token('color.text.subtle'), fontWeight: token('font.weight.semibold') },
  rowHead: { fontWeight: token('font.weight.regular') },
  end: { textAlign: 'end' },
  control: { minWidth: '190px' },
});

export type Align = 'start' | 'end';

export function DataTable({
  label,
  caption,
  width = 'full',
  small = false,
  children,
}: {
  /** The table's name for a screen reader when it has no caption. */
  label?: string;
  caption?: string;
  width?: 'full' | 'narrow' | 'medium';
  small?: boolean;
  children: ReactNode;
}): ReactNode {
  return (
    <Box
      as="table"
      aria-label={label}
      xcss={cx(
        styles.table,
        width === 'narrow' && styles.narrow,
        width === 'medium' && styles.medium,
        small && styles.small,
      )}
    >
      {caption !== undefined && (
        <Box as="caption" xcss={styles.caption}>
          <Subtle>{caption}</Subtle>
        </Box>
      )}
      {children}
    </Box>
  );
}

/** A row of column heads; each name aligned as its column is. */
export function HeadRow({ columns }: { columns: readonly { name: string; align?: Align }[] }): ReactNode {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => (
          <Box
            as="th"
            scope="col"
            key={`${String(i)}:${c.name}`}
            xcss={cx(styles.cell, styles.head, c.align === 'end' && styles.end)}
          >
            {c.name}
          </Box>
        ))}
      </tr>
    </thead>
  );
}

export type SortOrder = 'ascending' | 'descending';

/**
 * Column heads that sort the table: each head is a button, and the sorted column says its order
 * to assistive technology (`aria-sort`).
 */
export function SortHeadRow<K extends string>({
  columns,
  sorted,
  onSort,
}: {
  columns: readonly { key: K; name: string; align?: Align }[];
  sorted: { readonly key: K; readonly order: SortOrder };
  onSort: (key: K) => void;
}): ReactNode {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <Box
            as="th"
            scope="col"
            key={c.key}
            aria-sort={sorted.key === c.key ? sorted.order : 'none'}
            xcss={cx(styles.cell, styles.head, c.align === 'end' && styles.end)}
          >
            <button
              type="button"
              onClick={() => {
                onSort(c.key);
              }}
              // A head keeps the look of the other heads: only the arrow says it sorts.
              style={{
                font: 'inherit',
                color: 'inherit',
                background: 'none',
                border: 'none',
                padding: 0,
                cursor: 'pointer',
              }}
            >
              {c.name}
              {sorted.key === c.key ? (sorted.order === 'ascending' ? '\u00a0▲' : '\u00a0▼') : ''}
            </button>
          </Box>
        ))}
      </tr>
    </thead>
  );
}

/** The head of a row: what the row is about. */
export function RowHead({ children }: { children: ReactNode }): ReactNode {
  return (
    <Box as="th" scope="row" xcss={cx(styles.cell, styles.rowHead)}>
      {children}
    </Box>
  );
}

export function Cell({
  align = 'start',
  control = false,
  children,
}: {
  align?: Align;
  /** Holds a select or a field, which needs room. */
  control?: boolean;
  children?: ReactNode;
}): ReactNode {
  return (
    <Box as="td" xcss={cx(styles.cell, align === 'end' && styles.end, control && styles.control)}>
      {children}
    </Box>
  );
}
