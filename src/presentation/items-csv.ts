import { ITEM_COLUMNS, type ItemRow } from '../domain/item-rows';
import { csvCell } from './report-csv';

/** Item rows as CSV, one item a line, with the JSON rows' names as the header (CLI and page alike). */
export function formatItemsCsv(rows: readonly ItemRow[]): string {
  const lines = [ITEM_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      ITEM_COLUMNS.map((column) => {
        const value = row[column];
        return csvCell(typeof value === 'boolean' ? String(value) : value);
      }).join(','),
    );
  }
  return lines.join('\n') + '\n';
}
