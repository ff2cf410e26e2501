/** What a gadget remembers between views (`view.submit` in edit mode; `gadgetConfiguration` after). */
export interface GadgetConfig {
  readonly projectKey: string;
  readonly weeks: number;
}

export const WEEK_CHOICES: readonly number[] = [4, 8, 12, 26, 52];

export function readGadgetConfig(raw: Readonly<Record<string, unknown>>): GadgetConfig | null {
  const projectKey = raw.projectKey;
  const weeks = raw.weeks;
  if (typeof projectKey !== 'string' || projectKey === '') return null;
  return { projectKey, weeks: typeof weeks === 'number' && WEEK_CHOICES.includes(weeks) ? weeks : 12 };
}
