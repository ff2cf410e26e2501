import { z } from 'zod';
import { cleanText } from './domain/agreement';

/**
 * Plain text as people type it into a form and storage keeps it: control characters taken out
 * (cleanText), then bounded, so that a length is counted on what is stored. The raw text is
 * bounded first too, at four times the limit, so that a hostile payload is refused before it is
 * cleaned.
 */
export function plainText(max: number, what: string, required: boolean): z.ZodType<string, string> {
  return z
    .string()
    .max(max * 4)
    .transform(cleanText)
    .refine((s) => !required || s.length > 0, `${what} is needed`)
    .refine((s) => s.length <= max, `${what} holds at most ${max} characters`);
}
