import type { z } from 'zod';

/** One contract method: its input and output schemas. Inputs are strict objects. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One sentence for the automation API's reference (OpenAPI). */
  summary?: string;
}

export const method = <I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  summary?: string,
): MethodDef<I, O> => ({ input, output, summary });
