import type { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { InvalidInputError, fieldErrors, checkInputText } from '@uplift/domain';

/** Parses a body or query with a domain schema; a failure is a 400 that names every field. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(
    private readonly schema: T,
    private readonly where: 'body' | 'query' = 'body',
  ) {}

  transform(value: unknown): z.infer<T> {
    // Control characters and absurd nesting are refused for every route before its schema runs.
    const unsafe = checkInputText(value, this.where === 'query' ? 'query' : '');
    if (unsafe.length > 0) throw new InvalidInputError(unsafe, `invalid ${this.where}`);
    const parsed = this.schema.safeParse(value ?? (this.where === 'query' ? {} : undefined));
    if (!parsed.success) {
      throw new InvalidInputError(
        fieldErrors(parsed.error, this.where === 'query' ? 'query' : ''),
        `invalid ${this.where}`,
      );
    }
    return parsed.data;
  }
}
