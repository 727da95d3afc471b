export const PROGRESS_STATUSES = ['planned', 'in_progress', 'done'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
export interface MeasureProgress {
  status: ProgressStatus;
  note?: string;
  at?: string;
}

/**
 * The latest progress of each measure, by its title, from the journey's `progress` (a list of updates
 * or a map by measure; absent before any update).
 */
export function progressByMeasure(progress: unknown): Map<string, MeasureProgress> {
  const out = new Map<string, MeasureProgress>();
  const take = (measure: unknown, p: unknown) => {
    if (typeof measure !== 'string' || typeof p !== 'object' || p === null) return;
    const status = (p as { status?: unknown }).status;
    if (!PROGRESS_STATUSES.includes(status as ProgressStatus)) return;
    const { note, at } = p as { note?: unknown; at?: unknown };
    out.set(measure, {
      status: status as ProgressStatus,
      note: typeof note === 'string' ? note : undefined,
      at: typeof at === 'string' ? at : undefined,
    });
  };
  const list = Array.isArray(progress)
    ? progress
    : progress && typeof progress === 'object' && Array.isArray((progress as { measures?: unknown }).measures)
      ? (progress as { measures: unknown[] }).measures
      : null;
  if (list) for (const item of list) take((item as { measure?: unknown })?.measure, item);
  else if (progress && typeof progress === 'object')
    for (const [measure, p] of Object.entries(progress)) take(measure, p);
  return out;
}
