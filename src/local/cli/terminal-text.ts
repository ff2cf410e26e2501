/**
 * Text from a dataset or a site shown on a terminal: issue keys, summaries and status names are
 * whatever someone typed into Jira, and an escape sequence among them would drive the reader's
 * terminal (colours, cursor moves, a rewritten line). Control characters, C1 codes and the bidi
 * overrides that reorder what is seen are taken out; line breaks become spaces.
 */
// Cc is every C0 and C1 control character; the rest are the bidi marks, overrides and isolates.
const UNPRINTABLE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

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
