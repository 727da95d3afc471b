import { STEPS, type StepName } from '@uplift/domain/steps';
import type { Labels } from '../../../lib/labels';
import type { useAuditText } from './text';

type Text = ReturnType<typeof useAuditText>;

/** `METHOD route` → words: the route table, then journey steps by their step label (one place: STEPS). */
export function routeLabels(t: Text, labels: Labels): Record<string, string> {
  const steps: Record<string, string> = {};
  for (const [step, def] of Object.entries(STEPS) as [StepName, { path: string | null }][]) {
    if (def.path) steps[`POST /v1/journeys/:id/${def.path}`] = labels.step(step);
  }
  return { ...steps, ...t.routes };
}

/** What an entry did, in words: its account action if any, else its route, else method and route. */
export function actionLabel(
  t: Text,
  routes: Record<string, string>,
  entry: { action: string | null; method: string; route: string },
): string {
  if (entry.action) return t.accountActions[entry.action] ?? entry.action;
  return routes[`${entry.method} ${entry.route}`] ?? `${entry.method} ${entry.route}`;
}
