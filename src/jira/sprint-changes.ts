import type { SprintChange } from '../domain/sprint-scope';
import type { JiraChangeHistory } from './schemas';

/**
 * The Sprint field's changes in a work item's change histories, oldest first. Cloud names the
 * field by id (`fieldId`, customfield_10020 on most sites); Server data names it `Sprint` alone.
 * Jira writes the sprint ids of each side as one comma-separated string, `"12, 15"`.
 */
export function sprintChangesOf(
  histories: readonly JiraChangeHistory[],
  sprintField: string | null,
): SprintChange[] {
  const out: SprintChange[] = [];
  for (const h of [...histories].sort((a, b) => a.created - b.created)) {
    for (const item of h.items) {
      const named =
        item.fieldId !== undefined ? item.fieldId === sprintField : item.field.toLowerCase() === 'sprint';
      if (!named) continue;
      out.push({ at: h.created, from: sprintIdsOf(item.from), to: sprintIdsOf(item.to) });
    }
  }
  return out;
}

/** The sprint ids of one side of a Sprint change, as Jira writes them: `"12, 15"`, empty for none. */
export function sprintIdsOf(text: string | null | undefined): number[] {
  if (text === null || text === undefined) return [];
  return text
    .split(',')
    .map((part) => Number(part.trim()))
    .filter((id) => Number.isInteger(id) && id > 0);
}
