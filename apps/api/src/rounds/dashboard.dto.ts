import { z } from 'zod';
import { STAGES, STEP_ACTORS, divisionCode } from '@uplift/domain';
import { timestamp } from '../common/api-contract';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const rate = z
  .number()
  .min(0)
  .max(1)
  .nullable()
  .meta({ description: 'A fraction between 0 and 1 (0.853 is 85.3%); null when nothing to divide by.' });

export const dashboardQuerySchema = z.strictObject({
  regionCode: divisionCode.optional().meta({
    description:
      "Narrows the whole dashboard to this division inside the round's region, and breaks regions down one level below it (a province into its cities, a city into its counties).",
  }),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

const figures = {
  journeys: count,
  stages: z.record(z.enum(STAGES), count).meta({ description: 'Journeys now at each stage.' }),
  stalled: count,
  assisted: count.meta({ description: 'Journeys whose assistance was completed.' }),
  certified: count,
  certifiedShare: rate.meta({ description: 'Certified of assisted, as the report counts it.' }),
  evaluated: count.meta({ description: 'Journeys with at least one evaluation answered.' }),
  evaluationsAnswered: count.meta({ description: 'Evaluations answered, summed over the journeys.' }),
  satisfactionRate: rate.meta({
    description: '满意 or 比较满意, of journeys evaluated (their latest answer).',
  }),
  effectivenessRate: rate.meta({
    description: '非常明显 or 比较明显, of journeys evaluated (their latest answer).',
  }),
};
const division = z.object({ code: divisionCode, name: z.string().max(200) });

export const roundDashboardSchema = z
  .object({
    roundId: z.uuid(),
    roundName: z.string().max(200),
    regionCode: divisionCode.meta({ description: "The round's region." }),
    generatedAt: timestamp,
    totals: z.object(figures).meta({ description: 'Within your scope and the chosen region.' }),
    funnel: z
      .array(
        z.object({
          stage: z.enum(STAGES),
          journeys: count,
          reached: count.nullable().meta({
            description:
              'Journeys at this stage or further along the path screening → completed; null for the stages off the path. A journey that left the path counts as having reached screening only (the read model keeps no stage history).',
          }),
        }),
      )
      .max(STAGES.length)
      .meta({ description: "Every stage, in the campaign's order." }),
    stalled: z.object({
      journeys: count,
      byActor: z
        .array(z.object({ actor: z.enum(STEP_ACTORS), journeys: count }))
        .max(STEP_ACTORS.length)
        .meta({
          description: 'Stalled journeys by who must act; a step two actors share counts under each.',
        }),
    }),
    region: z.object({
      code: divisionCode.meta({ description: 'The division shown.' }),
      name: z.string().max(200),
      rowDigits: z.union([z.literal(2), z.literal(4), z.literal(6)]).meta({
        description: 'The rows’ level: 2 provinces, 4 prefecture cities, 6 counties.',
      }),
      path: z.array(division).max(4).meta({ description: "From the round's region down to this division." }),
      rows: z
        .array(
          z.object({
            code: divisionCode,
            name: z.string().max(200),
            drillable: z.boolean().meta({ description: 'Pass `code` as `regionCode` to break it down.' }),
            ...figures,
          }),
        )
        .max(5000),
    }),
    industries: z
      .array(
        z.object({
          code: z
            .string()
            .max(1)
            .nullable()
            .meta({ description: 'GB/T 4754-2017 section (门类) A–T; null when the code names none.' }),
          ...figures,
        }),
      )
      .max(100),
    bodies: z
      .array(
        z.object({
          certificationBodyId: z.uuid().nullable().meta({ description: 'null: not assigned yet.' }),
          code: z.string().max(100).nullable(),
          name: z.string().max(200).nullable(),
          ...figures,
        }),
      )
      .max(5000),
  })
  .meta({ id: 'RoundDashboard' });
