import { PROGRESS_STATUSES } from '@uplift/domain/schemas';
import type { Journey } from '../api/get-journey';

export { PROGRESS_STATUSES };
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
export type MeasureProgress = Journey['progress'][number];

/** The latest progress of each measure of the current plan, by its title. */
export function progressByMeasure(progress: Journey['progress'] | undefined): Map<string, MeasureProgress> {
  return new Map((progress ?? []).map((p) => [p.measure, p]));
}
