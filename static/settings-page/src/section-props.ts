import type { Draft } from './draft';

/** What each section of the form is given: the draft, how to change it, and whether it may. */
export interface SectionProps {
  readonly draft: Draft;
  readonly update: (change: Partial<Draft>) => void;
  readonly readOnly: boolean;
}
