import { IMPROVEMENT_AREAS, REPORT_METRICS, SATISFACTION, EFFECTIVENESS } from '@uplift/domain';
import type { SeededJourney } from './known-answers';

/** A small deterministic generator (mulberry32): the same mix on every run, no answer written down. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTIES = ['330102', '330106', '330108', '330203', '330212', '330302', '330402', '330602'];
const INDUSTRIES = ['C3511', 'C1311', '3511', 'C2927', 'C3821', 'F5123', 'C2642', 'C1810'];

/**
 * `n` journeys mixing everything the regulator's figures tell apart: counties of several cities,
 * GB/T 4754 classes (one without its section letter), bodies and none, journeys not assisted or never
 * answering, one to three waves with gaps, link and body answers, answers before the further
 * questions were asked, any set of areas, optional figures present or not, zero and negative
 * baselines, figures with decimals that rise, fall or stay.
 */
export function surveyMix(
  n: number,
  bodyIds: string[],
  seed = 15,
): (SeededJourney & { bodyId: string | null })[] {
  const r = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const figure = (base: number) => Math.round(base * (0.6 + r() * 0.8) * 100) / 100;
  return Array.from({ length: n }, () => {
    const assisted = r() < 0.9;
    const baseline: Record<string, number> | null =
      r() < 0.08
        ? null
        : Object.fromEntries(
            REPORT_METRICS.flatMap((m) => {
              if (m.startsWith('repurchase') || m.startsWith('overseas'))
                return r() < 0.5 ? [] : [[m, pick([0, 12, 40.5])]];
              return [
                [
                  m,
                  r() < 0.05
                    ? 0
                    : m === 'profitMargin'
                      ? pick([-3, 2.5, 8])
                      : Math.round(r() * 1000) / 10 + 1,
                ],
              ];
            }),
          );
    const waves = [1, 2, 3].filter(() => r() < 0.55);
    const answers = (assisted ? waves : []).map((wave) => {
      const asked = !(wave === 1 && r() < 0.3);
      const metrics = Object.fromEntries(
        REPORT_METRICS.flatMap((m) => {
          const base = baseline?.[m] ?? 50;
          if ((m.startsWith('repurchase') || m.startsWith('overseas')) && (!asked || r() < 0.3)) return [];
          return [[m, r() < 0.1 ? base : figure(base)]];
        }),
      );
      return {
        n: wave,
        via: r() < 0.35 ? 'link' : 'api',
        satisfaction: pick(SATISFACTION),
        effectiveness: pick(EFFECTIVENESS),
        followUpSatisfaction: asked ? pick(SATISFACTION) : null,
        improvements: asked ? IMPROVEMENT_AREAS.filter(() => r() < 0.45) : null,
        problemsSolved: asked ? Math.floor(r() * 9) : null,
        metrics,
      };
    });
    return {
      regionCode: pick(COUNTIES),
      industryCode: pick(INDUSTRIES),
      assisted,
      certified: assisted && r() < 0.6,
      baseline,
      answers,
      bodyId: r() < 0.15 ? null : pick(bodyIds),
    };
  });
}
