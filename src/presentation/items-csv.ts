import { ITEM_COLUMNS, type ItemRow } from '../domain/item-rows';
import { csvCell } from './report-csv';

/**
 * Item rows as CSV, one item a line, with the JSON rows' names as the header (CLI and page alike);
 * a value stream's rows lead with the space each belongs to.
 */
export function formatItemsCsv(
  rows: readonly (ItemRow & { readonly space?: string })[],
  options: { readonly withSpace?: boolean } = {},
): string {
  const columns: readonly (keyof ItemRow | 'space')[] =
    options.withSpace === true ? ['space', ...ITEM_COLUMNS] : ITEM_COLUMNS;
  const lines = [columns.join(',')];
  for (const row of rows) {
    lines.push(
      columns
        .map((column) => {
          const value = row[column];
          return csvCell(typeof value === 'boolean' ? String(value) : (value ?? null));
        })
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}
