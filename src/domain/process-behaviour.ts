/**
 * Whether a change of a flow metric from one period to the next is a signal or noise
 * (docs/flow-metrics.md#signal-or-noise): the natural process limits of an XmR chart (an
 * individuals and moving-range chart, as process-behaviour charts draw them) over the periods,
 * and Little's Law as a check of whether the flow was stable enough for its averages to agree.
 * Pure: series in, judgements out.
 */

/** The scaling constants of an XmR chart for moving ranges of two (d2 = 1.128). */
export const NATURAL_LIMIT_FACTOR = 2.66;
export const RANGE_LIMIT_FACTOR = 3.268;
/** A baseline of fewer periods than this gives limits too loose to tell anything apart. */
export const MIN_PERIODS_FOR_LIMITS = 5;
/** This many successive values on one side of the centre line are a signal too (a shift). */
export const RUN_LENGTH = 8;

export interface NaturalLimits {
  /** The average of the values: the centre line. */
  readonly centre: number;
  /** The average moving range: of each value's difference from the one before. */
  readonly averageMovingRange: number;
  /** Upper and lower natural process limits; the lower one is null when it falls below zero for a measure that cannot. */
  readonly upper: number;
  readonly lower: number | null;
  /** The upper range limit: a jump from one period to the next larger than this is a signal. */
  readonly upperRange: number;
}

/** The limits of a series, or null when it has too few values (`MIN_PERIODS_FOR_LIMITS`). */
export function naturalLimits(values: readonly number[], nonNegative = true): NaturalLimits | null {
  if (values.length < MIN_PERIODS_FOR_LIMITS) return null;
  const centre = values.reduce((n, v) => n + v, 0) / values.length;
  let ranges = 0;
  for (let i = 1; i < values.length; i++) ranges += Math.abs((values[i] ?? 0) - (values[i - 1] ?? 0));
  const averageMovingRange = ranges / (values.length - 1);
  const lower = centre - NATURAL_LIMIT_FACTOR * averageMovingRange;
  return {
    centre,
    averageMovingRange,
    upper: centre + NATURAL_LIMIT_FACTOR * averageMovingRange,
    lower: nonNegative && lower <= 0 ? null : lower,
    upperRange: RANGE_LIMIT_FACTOR * averageMovingRange,
  };
}

export type Behaviour =
  /** Too few periods to compute limits from. */
  | { readonly kind: 'too-few' }
  /** The latest period has no value (nothing completed to measure): there is nothing to judge. */
  | { readonly kind: 'no-value' }
  /** Within its usual range: a wiggle, not a change to act on. */
  | { readonly kind: 'noise' }
  /** A signal, and why: outside the limits, a jump past the range limit, or a run on one side. */
  | {
      readonly kind: 'signal';
      readonly direction: 'up' | 'down';
      readonly reason: 'beyond-limits' | 'large-jump' | 'run';
    };

/**
 * How the latest value of a series behaves against the limits of the periods before it (its
 * baseline): a value beyond a natural limit, a jump from the one before beyond the range limit, or
 * the last of `RUN_LENGTH` values on the same side of the baseline's centre line is a signal;
 * anything else is noise. The latest value stays out of its own limits: a change would otherwise
 * widen the very limits it is judged by.
 */
export function latestBehaviour(values: readonly number[], nonNegative = true): Behaviour {
  const limits = naturalLimits(values.slice(0, -1), nonNegative);
  const latest = values[values.length - 1];
  const before = values[values.length - 2];
  if (limits === null || latest === undefined || before === undefined) return { kind: 'too-few' };
  if (latest > limits.upper) return { kind: 'signal', direction: 'up', reason: 'beyond-limits' };
  if (limits.lower !== null && latest < limits.lower)
    return { kind: 'signal', direction: 'down', reason: 'beyond-limits' };
  if (Math.abs(latest - before) > limits.upperRange)
    return { kind: 'signal', direction: latest > before ? 'up' : 'down', reason: 'large-jump' };
  const run = values.slice(-RUN_LENGTH);
  if (run.length === RUN_LENGTH) {
    if (run.every((v) => v > limits.centre)) return { kind: 'signal', direction: 'up', reason: 'run' };
    if (run.every((v) => v < limits.centre)) return { kind: 'signal', direction: 'down', reason: 'run' };
  }
  return { kind: 'noise' };
}

/** What a rise of each metric means for the flow: better, worse, or neither (load is neither good nor bad more of). */
export const METRIC_SENSE = {
  velocity: 'higher-is-better',
  flowTime: 'lower-is-better',
  flowEfficiency: 'higher-is-better',
  load: 'neither',
  /** Against the team's band, not better either way: the band says what is wanted. */
  debtShare: 'neither',
} as const;

export type MetricName = keyof typeof METRIC_SENSE;

const NAMES: Readonly<Record<MetricName, { up: string; down: string; noun: string }>> = {
  velocity: { up: 'more work completed', down: 'less work completed', noun: 'Flow velocity' },
  flowTime: { up: 'work took longer', down: 'work took less time', noun: 'Flow time' },
  flowEfficiency: {
    up: 'less of the time was waiting',
    down: 'more of the time was waiting',
    noun: 'Flow efficiency',
  },
  load: { up: 'more work in progress at once', down: 'less work in progress at once', noun: 'Flow load' },
  debtShare: {
    up: 'more of the completed work was debt',
    down: 'less of the completed work was debt',
    noun: 'Debt share',
  },
};

/**
 * A metric's latest change in words that know its sense, and whether to act on it: "Flow time:
 * work took longer, a signal (beyond its usual range), worse", or "within its usual range".
 */
export function describeBehaviour(metric: MetricName, behaviour: Behaviour): string {
  const name = NAMES[metric];
  switch (behaviour.kind) {
    case 'too-few':
      return `${name.noun}: too few periods to tell a signal from noise (${MIN_PERIODS_FOR_LIMITS + 1} are needed).`;
    case 'noise':
      return `${name.noun}: within its usual range.`;
    case 'no-value':
      return `${name.noun}: no value in the latest period (nothing completed to measure), so nothing to judge.`;
    case 'signal': {
      const sense = METRIC_SENSE[metric];
      const judged =
        sense === 'neither'
          ? ''
          : (behaviour.direction === 'up') === (sense === 'higher-is-better')
            ? ', better'
            : ', worse';
      const why =
        behaviour.reason === 'beyond-limits'
          ? 'beyond its usual range'
          : behaviour.reason === 'large-jump'
            ? 'a larger jump than its usual ones'
            : `${RUN_LENGTH} periods in a row on one side of its average`;
      return `${name.noun}: ${behaviour.direction === 'up' ? name.up : name.down}, a signal (${why})${judged}.`;
    }
  }
}

/** Little's Law: average load = throughput × average flow time, when the flow is stable. */
export interface LittlesLawCheck {
  /** Average load ÷ throughput (items completed a day): the flow time the law expects, in days. */
  readonly expectedDays: number | null;
  readonly observedDays: number | null;
  /** Observed ÷ expected; null when either is missing. */
  readonly ratio: number | null;
  /** Whether the two agree within `LITTLE_TOLERANCE`: when they do not, the flow was not stable. */
  readonly stable: boolean | null;
}

/** The two sides may differ by this factor either way before the flow is said to be unstable. */
export const LITTLE_TOLERANCE = 2;

/**
 * A check, not a claim: the flow time Little's Law expects from the window's average daily load
 * and its throughput, against the mean flow time observed. They agree only for a stable flow
 * (as much started as finished, nothing aged without bound); when they disagree by more than
 * `LITTLE_TOLERANCE` either way, the page says the flow was not stable over the window.
 */
export function littlesLaw(input: {
  readonly averageLoad: number;
  readonly completed: number;
  readonly days: number;
  readonly meanFlowTimeDays: number | null;
}): LittlesLawCheck {
  const throughput = input.days > 0 ? input.completed / input.days : 0;
  const expectedDays = throughput > 0 ? input.averageLoad / throughput : null;
  const observedDays = input.meanFlowTimeDays;
  const ratio =
    expectedDays === null || observedDays === null || expectedDays === 0 ? null : observedDays / expectedDays;
  return {
    expectedDays,
    observedDays,
    ratio,
    stable: ratio === null ? null : ratio <= LITTLE_TOLERANCE && ratio >= 1 / LITTLE_TOLERANCE,
  };
}
