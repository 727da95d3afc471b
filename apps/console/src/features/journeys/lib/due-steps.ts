import type { Journey } from '../api/get-journey';
import type { SessionPrincipal as Viewer } from '../../../components';

export type DueForm =
  | { kind: 'diagnosis' }
  | { kind: 'plan' }
  | { kind: 'progress' }
  | { kind: 'completion' }
  | { kind: 'certification' }
  | { kind: 'evaluation'; n: number };

/**
 * The forms of the steps that are the viewer's to take now (the domain's STEPS table: every one of
 * these is the assigned certification body's; an admin may take any step), and the amendments
 * allowed: diagnosis and plan until assistance is complete.
 */
export function dueForms(journey: Journey, viewer: Viewer | undefined): { due: DueForm[]; amend: DueForm[] } {
  const none = { due: [], amend: [] };
  if (!viewer) return none;
  const body =
    viewer.role === 'admin' ||
    (viewer.role === 'certification_body' &&
      journey.certificationBodyId !== null &&
      viewer.certificationBodyId === journey.certificationBodyId);
  if (!body || journey.certificationBodyId === null) return none;
  switch (journey.stage) {
    case 'diagnosis':
      return { due: journey.diagnosis ? [] : [{ kind: 'diagnosis' }], amend: [] };
    case 'assistance':
      if (!journey.plan)
        return { due: [{ kind: 'plan' }], amend: journey.diagnosis ? [{ kind: 'diagnosis' }] : [] };
      return {
        due: [{ kind: 'progress' }, { kind: 'completion' }],
        amend: [...(journey.diagnosis ? [{ kind: 'diagnosis' } as const] : []), { kind: 'plan' }],
      };
    case 'certification':
      return { due: [{ kind: 'certification' }], amend: [] };
    case 'follow_up':
      return {
        due: journey.evaluations
          .filter((e) => e.openedAt !== null && e.answeredAt === null)
          .map((e) => ({ kind: 'evaluation', n: e.n })),
        amend: [],
      };
    default:
      return none;
  }
}

/** The stages a journey goes through, in order; a terminal one ends it where it was. */
export const PATH = [
  'screening',
  'diagnosis',
  'assistance',
  'certification',
  'follow_up',
  'completed',
] as const;

/** How far along the path a journey got, by what it recorded (for one that ended early). */
export function reachedIndex(journey: Journey): number {
  const i = (PATH as readonly string[]).indexOf(journey.stage);
  if (i >= 0) return i;
  if (journey.certification) return 4;
  if (journey.completion) return 3;
  if (journey.plan) return 2;
  if (journey.screening?.decision === 'selected') return journey.diagnosis ? 2 : 1;
  return 0;
}
