import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { cssMap } from '@atlaskit/css';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import Spinner from '@atlaskit/spinner';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, type ReactNode, type SyntheticEvent } from 'react';
import { router } from '@forge/bridge';
import type { ErrorCode } from '../../src/contract';
import type { FlowType } from '../../src/domain/types';
import { ERROR_WORDS } from './errors';
import type { CallState } from './use-call';
import { FLOW_TYPE_ORDER, percent, TYPE_LABELS, TYPE_NAMES } from './format';

/** One colour per flow item type, from Atlaskit's chart palette (works in light and dark). */
export const TYPE_COLORS: Readonly<Record<FlowType, string>> = {
  feature: token('color.chart.green.bold'),
  defect: token('color.chart.red.bold'),
  risk: token('color.chart.orange.bold'),
  debt: token('color.chart.purple.bold'),
};

const surfaceStyles = cssMap({
  page: {
    paddingBlock: token('space.200'),
    paddingInline: token('space.200'),
    backgroundColor: token('elevation.surface'),
  },
});

const styles = cssMap({
  mix: {
    display: 'grid',
    gridTemplateColumns: '110px 1fr',
    gap: token('space.100'),
    alignItems: 'center',
    marginBlockEnd: token('space.100'),
  },
  mixBar: {
    display: 'flex',
    height: '16px',
    borderRadius: token('radius.small'),
    overflow: 'hidden',
    backgroundColor: token('color.background.neutral'),
  },
  legend: { marginBlockStart: token('space.050') },
  loading: { paddingBlock: token('space.200'), paddingInline: token('space.200') },
  section: { marginBlockStart: token('space.300') },
  field: { marginBlockStart: token('space.100'), maxWidth: '520px' },
  fieldLabel: { display: 'block', marginBlockEnd: token('space.050') },
  fieldMessage: { marginBlockStart: token('space.050') },
  fieldset: {
    borderWidth: 0,
    paddingBlock: token('space.0'),
    paddingInline: token('space.0'),
    marginBlock: token('space.0'),
    marginInline: token('space.0'),
  },
  stat: {
    borderWidth: token('border.width'),
    borderStyle: 'solid',
    borderColor: token('color.border'),
    borderRadius: token('radius.small'),
    paddingBlock: token('space.150'),
    paddingInline: token('space.150'),
    minWidth: '140px',
  },
});

export const TEXT_SUBTLE = token('color.text.subtle');
export const BORDER = token('color.border');

/**
 * A surface's frame: Jira's surface colour and a panel's padding. Type and text colour come from
 * Atlaskit's reset, which the theme Jira puts in the frame drives.
 */
export function Page({
  as = 'div',
  label,
  onSubmit,
  children,
}: {
  /** A gadget's edit view is one form. */
  as?: 'div' | 'main' | 'form';
  label?: string;
  onSubmit?: (e: SyntheticEvent<HTMLElement>) => void;
  children: ReactNode;
}): ReactNode {
  return (
    <Box as={as} xcss={surfaceStyles.page} aria-label={label} onSubmit={onSubmit}>
      {children}
    </Box>
  );
}

/** Secondary words beside a figure: small and subtle, as Jira writes them. */
export function Subtle({ block = false, children }: { block?: boolean; children: ReactNode }): ReactNode {
  return (
    <Text as={block ? 'p' : 'span'} size="small" color="color.text.subtle">
      {children}
    </Text>
  );
}

/** One labelled control, with the message of its value when it does not parse. */
export function Field({
  label,
  id,
  error,
  children,
}: {
  label: string;
  id: string;
  error?: string | undefined;
  children: ReactNode;
}): ReactNode {
  return (
    <Box xcss={styles.field}>
      <FieldLabel htmlFor={id}>{label}</FieldLabel>
      {children}
      <FieldMessage id={`${id}-error`} tone="danger" text={error} />
    </Box>
  );
}

/**
 * A fieldset without the browser's frame: it groups controls for assistive technology and, when
 * disabled, disables every control inside it at once (a viewer's read-only form).
 */
export function Fieldset({ disabled, children }: { disabled?: boolean; children: ReactNode }): ReactNode {
  return (
    <Box as="fieldset" disabled={disabled} xcss={styles.fieldset}>
      {children}
    </Box>
  );
}

/** The small, subtle label above a control (Jira's form layout). */
export function FieldLabel({ htmlFor, children }: { htmlFor: string; children: ReactNode }): ReactNode {
  return (
    <Box xcss={styles.fieldLabel}>
      <label htmlFor={htmlFor}>
        <Text size="small" color="color.text.subtle">
          {children}
        </Text>
      </label>
    </Box>
  );
}

/**
 * A control's help or the message of a value that does not parse, tied to it by
 * `aria-describedby` (`id`); nothing when there is no text.
 */
export function FieldMessage({
  id,
  tone = 'subtle',
  text,
}: {
  id: string;
  tone?: 'subtle' | 'danger';
  text: ReactNode;
}): ReactNode {
  if (text === undefined || text === null) return null;
  return (
    <Box id={id} xcss={styles.fieldMessage}>
      <Text size="small" color={tone === 'danger' ? 'color.text.danger' : 'color.text.subtle'}>
        {text}
      </Text>
    </Box>
  );
}

export function Loading({ label }: { label: string }): ReactNode {
  return (
    <Box xcss={styles.loading} role="status">
      <Inline space="space.100" alignBlock="center">
        <Spinner size="medium" label={label} />
        <Text color="color.text.subtle">{label}</Text>
      </Inline>
    </Box>
  );
}

/** A whole surface waiting for its first answer. */
export function PageLoading({ label }: { label: string }): ReactNode {
  return (
    <Page>
      <Loading label={label} />
    </Page>
  );
}

/**
 * An error where a failure is rare (a panel's one read): Atlaskit's section message brings its
 * dismiss button and that button's tooltip machinery, a fifth of the issue panel's budget, so it
 * loads when a failure shows; its title stands in for the moment it takes.
 */
const ErrorPanelLater = lazy(() => import('./error-panel').then((m) => ({ default: m.ErrorPanel })));

export function FailurePanel({ code, message }: { code: ErrorCode; message: string }): ReactNode {
  return (
    <Suspense fallback={<p role="alert">{ERROR_WORDS[code].title}</p>}>
      <ErrorPanelLater code={code} message={message} />
    </Suspense>
  );
}

/** A resolver's answer: a spinner while it comes, the coded error if it failed, else the content. */
export function Outcome<T>({
  state,
  loading,
  children,
  notFound,
}: {
  state: CallState<T>;
  loading: string;
  children: (data: T) => ReactNode;
  /** What a surface says of its own when what it shows does not exist, or may not be seen. */
  notFound?: (message: string) => ReactNode;
}): ReactNode {
  if (state.status === 'loading') return <PageLoading label={loading} />;
  if (!state.result.ok && state.result.error.code === 'NOT_FOUND' && notFound !== undefined)
    return <Page>{notFound(state.result.error.message)}</Page>;
  if (!state.result.ok) {
    return (
      <Page>
        <FailurePanel code={state.result.error.code} message={state.result.error.message} />
      </Page>
    );
  }
  return children(state.result.data);
}

/**
 * A count that opens the list of the work items behind it (the project page's drill-down); plain
 * text where nothing opens. Its accessible name starts with the figure a reader sees.
 */
/** The look of a link, on a button: what opens something inside the frame rather than a page. */
const LINK_LOOK = {
  font: 'inherit',
  color: token('color.link'),
  background: 'none',
  border: 'none',
  padding: 0,
  cursor: 'pointer',
  textDecoration: 'underline',
} as const;

/** A name that opens what it names within the surface (a stream of the list, say). */
export function TextButton({ onClick, children }: { onClick: () => void; children: ReactNode }): ReactNode {
  return (
    <button type="button" onClick={onClick} style={LINK_LOOK}>
      {children}
    </button>
  );
}

export function CountLink({
  value,
  what,
  onOpen,
}: {
  value: number | string;
  what: string;
  onOpen: (() => void) | undefined;
}): ReactNode {
  if (onOpen === undefined) return value;
  return (
    <button
      type="button"
      onClick={onOpen}
      aria-label={`${value} ${what}: list them`}
      title={`List the ${what}`}
      // A count in running text, a table or a stat takes the type of what is around it: Atlaskit's
      // strict styles have no `inherit` for size and weight, so this one style stays inline.
      style={LINK_LOOK}
    >
      {value}
    </button>
  );
}

export function Section({
  title,
  children,
  aside,
}: {
  title: string;
  children: ReactNode;
  aside?: ReactNode;
}): ReactNode {
  return (
    <Box as="section" xcss={styles.section} aria-label={title}>
      <Stack space="space.100">
        <Inline spread="space-between" alignBlock="baseline" space="space.100">
          <Heading size="small" as="h2">
            {title}
          </Heading>
          {aside}
        </Inline>
        <div>{children}</div>
      </Stack>
    </Box>
  );
}

const TYPE_APPEARANCE: Readonly<Record<FlowType, 'success' | 'removed' | 'moved' | 'new'>> = {
  feature: 'success',
  defect: 'removed',
  risk: 'moved',
  debt: 'new',
};

export function TypeLozenge({ type }: { type: FlowType }): ReactNode {
  return <Lozenge appearance={TYPE_APPEARANCE[type]}>{TYPE_NAMES[type]}</Lozenge>;
}

/** Shares of the four types as one stacked bar, with the figures written out for every reader. */
/** A small square (or dot) of a colour, before a legend's words. */
export function Swatch({ color, round = false }: { color: string; round?: boolean }): ReactNode {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        width: 8,
        height: 8,
        borderRadius: round ? 4 : 2,
        marginRight: 4,
        background: color,
      }}
    />
  );
}

/** The segments of a bar of shares, each as wide as its type's share, in the types' order. */
export function ShareSegments({ shares }: { shares: Readonly<Record<FlowType, number>> }): ReactNode {
  return FLOW_TYPE_ORDER.filter((t) => shares[t] > 0).map((t) => (
    <div
      key={t}
      title={`${TYPE_LABELS[t]}: ${percent(shares[t], 1)}`}
      style={{ width: `${shares[t] * 100}%`, background: TYPE_COLORS[t] }}
    />
  ));
}

export function MixBar({
  label,
  shares,
  counts,
  onOpen,
}: {
  label: string;
  shares: Readonly<Record<FlowType, number>>;
  counts?: Readonly<Record<FlowType, number>>;
  /** Lists the items of one type behind the counts. */
  onOpen?: (type: FlowType) => void;
}): ReactNode {
  const total = FLOW_TYPE_ORDER.reduce((n, t) => n + shares[t], 0);
  const description = FLOW_TYPE_ORDER.map(
    (t) => `${TYPE_LABELS[t]} ${percent(shares[t])}${counts ? ` (${counts[t]})` : ''}`,
  ).join(', ');
  return (
    <Box xcss={styles.mix}>
      <Text color="color.text.subtle">{label}</Text>
      <div>
        <Box
          role="img"
          aria-label={`${label}: ${total === 0 ? 'no items' : description}`}
          xcss={styles.mixBar}
        >
          <ShareSegments shares={shares} />
        </Box>
        <Box xcss={styles.legend}>
          <Inline shouldWrap space="space.150">
            {total === 0 ? (
              <Subtle>no items</Subtle>
            ) : (
              FLOW_TYPE_ORDER.map((t) => (
                <Subtle key={t}>
                  <Swatch color={TYPE_COLORS[t]} />
                  {TYPE_LABELS[t]} {percent(shares[t])}
                  {counts && (
                    <>
                      {' ('}
                      <CountLink
                        value={counts[t]}
                        what={`${TYPE_LABELS[t].toLowerCase()} ${label.toLowerCase()}`}
                        onOpen={
                          onOpen && counts[t] > 0
                            ? () => {
                                onOpen(t);
                              }
                            : undefined
                        }
                      />
                      )
                    </>
                  )}
                </Subtle>
              ))
            )}
          </Inline>
        </Box>
      </div>
    </Box>
  );
}

export function Stat({
  label,
  value,
  detail,
  onOpen,
}: {
  label: string;
  value: string;
  detail?: string;
  /** Lists the items the figure counts. */
  onOpen?: () => void;
}): ReactNode {
  return (
    <Box xcss={styles.stat}>
      <Subtle block>{label}</Subtle>
      <Heading size="large" as="div">
        <CountLink value={value} what={`items: ${label.toLowerCase()}`} onOpen={onOpen} />
      </Heading>
      {detail !== undefined && <Subtle block>{detail}</Subtle>}
    </Box>
  );
}

/** A work item's key that opens it in Jira: inside a Custom UI frame only the bridge's router navigates the host. */
export function IssueLink({ issueKey, children }: { issueKey: string; children?: ReactNode }): ReactNode {
  return (
    <a
      href={`/browse/${issueKey}`}
      // Underlined: beside a summary in running text, a link must not be told by colour alone.
      style={{ textDecoration: 'underline' }}
      onClick={(e) => {
        e.preventDefault();
        void router.navigate(`/browse/${issueKey}`);
      }}
    >
      {children ?? issueKey}
    </a>
  );
}
