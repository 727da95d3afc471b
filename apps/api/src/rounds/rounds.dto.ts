import { z } from 'zod';
import { enterpriseSchema } from '../../../../libs/domain/src/schemas';

/** Rows are checked one by one by the import, so one bad row does not refuse the others. */
export const importCandidatesSchema = z.strictObject({
  enterprises: z.array(z.unknown()).min(1).max(100_000),
});
export type ImportCandidates = z.infer<typeof importCandidatesSchema>;

export const candidateRowSchema = enterpriseSchema;

export interface ImportResult {
  /** Rows stored as new journeys; their workflows start in the background (GET the round for progress). */
  accepted: number;
  /** Rows whose enterprise is already in the round, or repeated in this import. */
  duplicates: number;
  /** One entry per field error, `row` counting data rows from 1 (the first 1,000 are listed). */
  rejected: { row: number; field: string; message: string }[];
  rows: number;
  rejectedRows: number;
}
