import { z } from 'zod';
import { enterpriseSchema } from '../../../../libs/domain/src/schemas';

/** Rows are checked one by one by the import, so one bad row does not refuse the others. */
export const importCandidatesSchema = z.strictObject({
  enterprises: z.array(z.unknown()).min(1).max(100_000),
});
export type ImportCandidates = z.infer<typeof importCandidatesSchema>;

export const candidateRowSchema = enterpriseSchema;

export interface ImportResult {
  accepted: number;
  duplicates: number;
  rejected: { row: number; field: string; message: string }[];
}
