import { z } from 'zod';
import { enterpriseSchema, usccAsIssued } from '@uplift/domain';

/** The most rows one import takes, as JSON or CSV: a national round is tens of thousands. */
export const MAX_IMPORT_ROWS = 100_000;

/** Rows are checked one by one by the import, so one bad row does not refuse the others. */
export const importCandidatesSchema = z.strictObject({
  enterprises: z.array(z.unknown()).min(1).max(MAX_IMPORT_ROWS),
});
export type ImportCandidates = z.infer<typeof importCandidatesSchema>;

export const candidateRowSchema = enterpriseSchema;

/** A row whose USCC fails only its check character, for an admin's `acceptInvalidCheckCharacter`. */
export const candidateRowAsIssuedSchema = enterpriseSchema.extend({ uscc: usccAsIssued });

export const importCandidatesQuerySchema = z.strictObject({
  /**
   * Admin only: accept rows whose USCC is right in every respect but its check character, as some
   * codes issued in early pilot regions are. The audit log records the codes accepted so.
   */
  acceptInvalidCheckCharacter: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
});
export type ImportCandidatesQuery = z.infer<typeof importCandidatesQuerySchema>;

export interface ImportResult {
  /** Rows stored as new journeys; their workflows start in the background (GET the round for progress). */
  accepted: number;
  /** Rows whose enterprise is already in the round, or repeated in this import. */
  duplicates: number;
  /** One entry per field error, `row` counting data rows from 1 (the first 1,000 are listed). */
  rejected: { row: number; field: string; message: string }[];
  rows: number;
  rejectedRows: number;
  /** With `acceptInvalidCheckCharacter`: the rows taken although their check character is wrong. */
  acceptedInvalidCheckCharacter?: { row: number; uscc: string }[];
}
