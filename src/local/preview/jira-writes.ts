import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../domain/errors';
import type { EmulatedSite, SiteIssue } from '../emulator/site';
import { siteBoards } from '../emulator/site-boards';

const writtenSchema = z.record(
  z.string(),
  z.object({
    labels: z.array(z.string()),
    properties: z.record(z.string(), z.unknown()),
    // The Sprint value (sprint ids) of a work item moved between sprints; absent in a file from
    // before the preview kept sprint moves, and for a work item that never had one.
    sprints: z.array(z.number().int()).optional(),
  }),
);

/**
 * A work item the preview created: its id and key as the site gave them (what the app's storage
 * links to), the instant it was created at, and its fields as they were then (project, type,
 * summary, status, reporter, labels...), so that the site can put it back as it was.
 */
const createdSchema = z.object({
  id: z.string(),
  key: z.string(),
  at: z.number(),
  fields: z.record(z.string(), z.unknown()),
});

interface JiraWrites {
  /** In the order they were created. */
  readonly created: z.infer<typeof createdSchema>[];
  /** Labels and properties, by issue id, as last written. */
  readonly written: z.infer<typeof writtenSchema>;
}

const stateSchema = z.union([
  z.object({ created: z.array(createdSchema), written: writtenSchema }),
  // A file from before the preview kept created work items: only the writes, by issue id.
  writtenSchema.transform((written): JiraWrites => ({ created: [], written })),
]);

/**
 * What the preview wrote into Jira (the work items it created, and properties, labels and sprint
 * moves), kept in a file beside its storage and put back when it starts: the app's storage (the
 * agreements' locks, the review decisions' links to the work items they created) and Jira's record
 * then stay together across a restart, as they do on a real site.
 */
export class JiraWritesFile {
  private readonly state: JiraWrites;

  constructor(
    private readonly file: string,
    site: EmulatedSite,
  ) {
    this.state = existsSync(file)
      ? stateSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
      : { created: [], written: {} };
    // Created first, in the order they were: labels or properties written on a created work item
    // need it there, and each creation numbered past the ones before it.
    this.recreate(site);
    this.rewrite(site);
    site.onCreate((issue) => {
      this.state.created.push(createdRecord(issue));
      this.save();
    });
    site.onWrite((issue) => {
      const sprints = siteBoards(site).sprintIdsOf(issue);
      this.state.written[issue.id] = {
        labels: z.array(z.string()).catch([]).parse(issue.fields.labels),
        properties: Object.fromEntries(issue.properties),
        ...(sprints !== null ? { sprints } : {}),
      };
      this.save();
    });
  }

  private recreate(site: EmulatedSite): void {
    for (const created of this.state.created) {
      try {
        site.recreateIssue(created.id, created.key, created.fields, created.at);
      } catch (e) {
        // The data changed under the record (another export under the same name): the app's links
        // would find other work items than the ones it created, so the preview does not start.
        throw new Error(
          `${this.file} does not fit the dataset (${errorMessage(e)}); move it away to start afresh`,
          { cause: e },
        );
      }
    }
  }

  private rewrite(site: EmulatedSite): void {
    for (const [id, written] of Object.entries(this.state.written)) {
      const issue = site.byId.get(id);
      if (issue === undefined) continue;
      issue.properties.clear();
      for (const [key, value] of Object.entries(written.properties)) issue.properties.set(key, value);
      site.setLabels(issue, written.labels);
      // After the creations: the boards are derived from every work item, recreated ones too.
      if (written.sprints !== undefined) siteBoards(site).restore(issue, written.sprints);
    }
  }

  private save(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Written whole and renamed into place: a preview stopped mid-write leaves the last good file.
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state));
    renameSync(temporary, this.file);
  }
}

/** A copy of the fields as created: later writes change the issue's own in place. */
function createdRecord(issue: SiteIssue): JiraWrites['created'][number] {
  return {
    id: issue.id,
    key: issue.key,
    at: issue.parsed.fields.created,
    fields: structuredClone(issue.fields),
  };
}
