import { z } from 'zod';
import { plainText } from './text-schema';
import { STREAM_LIMITS } from './domain/value-stream';
import { MAX_FILTER_LENGTH } from './jira/jql-filter';
import { flowSettingsSchema } from './settings-schema';

/**
 * A value stream as the stream page sends it and as storage keeps it (docs/value-streams.md): its
 * clock and targets are checked as a space's settings are, by the same schemas; its name and
 * description are plain text, bounded after control characters are taken out.
 */

const streamClock = {
  filter: z.string().trim().max(MAX_FILTER_LENGTH).nullable().default(null),
  timeZone: flowSettingsSchema.shape.timeZone,
  workingCalendar: flowSettingsSchema.shape.workingCalendar,
  trendPeriod: flowSettingsSchema.shape.trendPeriod,
  targets: flowSettingsSchema.shape.targets,
};

/** The stream as a person edits it: spaces by key, as they know them. */
export const streamDefinitionSchema = z.strictObject({
  name: plainText(STREAM_LIMITS.name, 'A name', true),
  description: plainText(STREAM_LIMITS.description, 'The description', false).default(''),
  spaceKeys: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'not a space key'),
    )
    // At least one space is counted on the saved stream, with the spaces the saver cannot see.
    .max(STREAM_LIMITS.spaces, `a stream has at most ${STREAM_LIMITS.spaces} spaces`),
  ...streamClock,
});

export type StreamDefinitionInput = z.input<typeof streamDefinitionSchema>;
export type StreamDefinition = z.output<typeof streamDefinitionSchema>;

/** The stream as stored: spaces by Jira's id, which outlives a change of key. */
export const storedStreamSchema = z.object({
  name: z.string().max(STREAM_LIMITS.name),
  description: z.string().max(STREAM_LIMITS.description),
  spaceIds: z.array(z.string().min(1).max(32)).max(STREAM_LIMITS.spaces),
  ...streamClock,
});

/** A stream's id: chosen by the page that creates it, so that a retry names the same stream. */
export const streamIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'not a stream id');
