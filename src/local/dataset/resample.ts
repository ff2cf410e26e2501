import { z } from 'zod';
import { seededRandom } from '../../domain/random';
import { MS_PER_DAY } from '../../domain/types';
import { parseJiraDateTime } from '../../jira/datetime';

/**
 * Large datasets for the benchmark, made from real ones (docs/running-off-jira.md#resampled-datasets):
 * each generated issue is a real flow item's whole timeline (its type, labels, resolution, and
 * every status and Flagged change at the same distances from its creation), moved to a creation
 * instant drawn over a span before the site's clock, and cut at that clock as if the export had
 * been taken then. Seeded: the same options give the same issues.
 */

export interface ResampleOptions {
  /** How many flow items to make. */
  readonly items: number;
  readonly seed: number;
  /** The site's clock: nothing happens after it. */
  readonly end: number;
  /** Creation instants are drawn uniformly over this many days before `end`. */
  readonly spanDays: number;
  readonly project: { readonly id: string; readonly key: string; readonly name: string };
  /** The first issue's id (100 000 unless given): spaces resampled onto one site need their own. */
  readonly firstId?: number;
}

const itemSchema = z.looseObject({
  field: z.string(),
  fieldId: z.string().optional(),
  from: z.string().nullish(),
  fromString: z.string().nullish(),
  to: z.string().nullish(),
  toString: z.string().nullish(),
});
const sourceSchema = z.looseObject({
  key: z.string(),
  fields: z.looseObject({
    issuetype: z.looseObject({ name: z.string(), subtask: z.boolean().optional() }),
    status: z.looseObject({ id: z.string().optional(), name: z.string() }),
    resolution: z.unknown().optional(),
    resolutiondate: z.string().nullish(),
    labels: z.array(z.string()).optional(),
    created: z.string(),
  }),
  changelog: z.looseObject({
    histories: z.array(z.looseObject({ created: z.string(), items: z.array(itemSchema) })),
  }),
});
type Source = z.infer<typeof sourceSchema>;

/** A status as the issue's `fields.status` names it, with its category where the sources gave one. */
type StatusJson = Readonly<Record<string, unknown>> & { readonly id?: string; readonly name: string };

interface Timeline {
  readonly source: Source;
  readonly created: number;
  readonly resolved: number | null;
  readonly histories: readonly {
    readonly at: number;
    readonly items: Source['changelog']['histories'][number]['items'];
  }[];
}

const jiraInstant = (t: number): string => new Date(t).toISOString().replace('Z', '+0000');

/**
 * The flow items of the sources (not sub-tasks, not epics) with complete histories, as timelines
 * relative to their creation. Records that are not such issues are skipped.
 */
function timelinesOf(sources: readonly unknown[]): Timeline[] {
  const out: Timeline[] = [];
  for (const raw of sources) {
    const parsed = sourceSchema.safeParse(raw);
    if (!parsed.success) continue;
    const s = parsed.data;
    const type = s.fields.issuetype;
    if (type.subtask === true || type.name === 'Epic') continue;
    const created = parseJiraDateTime(s.fields.created);
    if (created === null) continue;
    const histories = s.changelog.histories
      .map((h) => ({ at: parseJiraDateTime(h.created) ?? Number.NaN, items: h.items }))
      .filter((h) => Number.isFinite(h.at))
      .sort((a, b) => a.at - b.at);
    const resolvedAt = s.fields.resolutiondate;
    const resolved = typeof resolvedAt === 'string' ? parseJiraDateTime(resolvedAt) : null;
    out.push({ source: s, created, resolved, histories });
  }
  return out;
}

/** Every status the sources name, by id, as their own `fields.status` gives it. */
function statusesOf(timelines: readonly Timeline[]): Map<string, StatusJson> {
  const byId = new Map<string, StatusJson>();
  for (const t of timelines) {
    const s = t.source.fields.status;
    if (s.id !== undefined && !byId.has(s.id)) byId.set(s.id, s);
  }
  return byId;
}

export function resampleIssues(sources: readonly unknown[], options: ResampleOptions): unknown[] {
  const timelines = timelinesOf(sources);
  if (timelines.length === 0) throw new Error('No source issue is a flow item with a changelog.');
  const statuses = statusesOf(timelines);
  const random = seededRandom(options.seed);
  const issues: unknown[] = [];
  for (let n = 0; n < options.items; n++) {
    const t = timelines[Math.floor(random() * timelines.length)] ?? timelines[0];
    if (t === undefined) break;
    const created = Math.round(options.end - random() * options.spanDays * MS_PER_DAY);
    const shift = created - t.created;
    const kept = t.histories.filter((h) => h.at + shift <= options.end);
    const cut = kept.length < t.histories.length;
    const fields: Record<string, unknown> = {
      ...t.source.fields,
      summary: `Resampled from ${t.source.key}`,
      project: options.project,
      created: jiraInstant(created),
      updated: jiraInstant(Math.max(created, ...kept.map((h) => h.at + shift))),
    };
    if (cut) {
      fields.status = statusAt(t, kept, statuses);
      if (t.resolved === null || t.resolved + shift > options.end) {
        fields.resolution = null;
        fields.resolutiondate = null;
      }
    }
    if (!cut && t.resolved !== null) fields.resolutiondate = jiraInstant(t.resolved + shift);
    const id = String((options.firstId ?? 100_000) + n);
    issues.push({
      id,
      key: `${options.project.key}-${n + 1}`,
      fields,
      changelog: {
        startAt: 0,
        maxResults: kept.length,
        total: kept.length,
        histories: kept.map((h, i) => ({
          id: `${id}${String(i).padStart(3, '0')}`,
          created: jiraInstant(h.at + shift),
          items: h.items,
        })),
      },
    });
  }
  return issues;
}

/** The status an issue was in after its kept changes: the last one's target, else the first one's source. */
function statusAt(
  t: Timeline,
  kept: Timeline['histories'],
  statuses: ReadonlyMap<string, StatusJson>,
): StatusJson {
  const changes = (hs: Timeline['histories']) =>
    hs.flatMap((h) => h.items.filter((i) => i.field.toLowerCase() === 'status'));
  const last = changes(kept).at(-1);
  const first = changes(t.histories)[0];
  const id = last !== undefined ? last.to : first?.from;
  const name = last !== undefined ? last.toString : first?.fromString;
  if (typeof id !== 'string' || typeof name !== 'string') return t.source.fields.status;
  return statuses.get(id) ?? { id, name };
}
