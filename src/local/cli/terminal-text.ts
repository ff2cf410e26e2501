/**
 * Text from a dataset or a site shown on a terminal: issue keys, summaries and status names are
 * whatever someone typed into Jira, and an escape sequence among them would drive the reader's
 * terminal (colours, cursor moves, a rewritten line). Control characters, C1 codes and the bidi
 * overrides that reorder what is seen are taken out; line breaks become spaces.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(/[\r\n\t]/g, ' ').replace(UNPRINTABLE, '');
}

/** Every line of a block of output made printable; the block's own line breaks stay. */
export function printableLines(text: string): string {
  return text
    .split('\n')
    .map((line) => printable(line))
    .join('\n');
}
