import { inflateSync } from 'node:zlib';

/**
 * What each page of a PDF draws, read without a PDF library: Chromium writes each page's content
 * as a Flate stream of drawing operators. A page that draws no text (`Tj`/`TJ`) is blank to a
 * reader, whatever its other marks; that is what a print test needs to know.
 */
export function pdfPageTexts(pdf: Buffer): { readonly pages: number; readonly withText: number } {
  const text = pdf.toString('latin1');
  const objects = new Map<string, { dict: string; stream: Buffer | null }>();
  const objectPattern = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = objectPattern.exec(text); m !== null; m = objectPattern.exec(text)) {
    const body = m[2] ?? '';
    const at = body.indexOf('stream');
    if (at < 0) {
      objects.set(m[1] ?? '', { dict: body, stream: null });
      continue;
    }
    const start = m.index + m[0].indexOf(body) + at + 'stream'.length;
    const begin = text[start] === '\r' ? start + 2 : start + 1;
    const end = text.indexOf('endstream', begin);
    objects.set(m[1] ?? '', { dict: body.slice(0, at), stream: pdf.subarray(begin, end) });
  }
  let pages = 0;
  let withText = 0;
  for (const { dict } of objects.values()) {
    if (!/\/Type\s*\/Page\b(?!s)/.test(dict)) continue;
    pages++;
    const refs = [...(/\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map(
      (r) => r[1] ?? '',
    );
    const drawn = refs
      .map((ref) => objects.get(ref))
      .map((o) => {
        if (o?.stream === null || o === undefined) return '';
        const raw = o.dict.includes('/FlateDecode') ? inflateSync(o.stream) : o.stream;
        return raw.toString('latin1');
      })
      .join('\n');
    if (/\bT[jJ]\b/.test(drawn)) withText++;
  }
  return { pages, withText };
}
