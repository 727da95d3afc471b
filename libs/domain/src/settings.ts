/** A round's settings: every deadline and rhythm of its journeys, as ISO 8601 durations. */
export interface RoundSettings {
  deadlines: {
    screening: string;
    diagnosis: string;
    assistancePlan: string;
    assistance: string;
    certification: string;
    evaluation: string;
  };
  evaluationOffsets: string[];
  reminders: { every: string; max: number };
  escalateAfter: string;
}

export const DEFAULT_ROUND_SETTINGS: RoundSettings = {
  deadlines: {
    screening: 'P30D',
    diagnosis: 'P30D',
    assistancePlan: 'P14D',
    assistance: 'P90D',
    certification: 'P90D',
    evaluation: 'P14D',
  },
  evaluationOffsets: ['P90D', 'P180D', 'P365D'],
  reminders: { every: 'P7D', max: 3 },
  escalateAfter: 'P21D',
};

export type RoundSettingsInput = {
  deadlines?: Partial<RoundSettings['deadlines']>;
  evaluationOffsets?: string[];
  reminders?: Partial<RoundSettings['reminders']>;
  escalateAfter?: string;
};

/** Fills what a regulator left out with the campaign's defaults. */
export function resolveRoundSettings(input: RoundSettingsInput | undefined): RoundSettings {
  const d = DEFAULT_ROUND_SETTINGS;
  return {
    deadlines: { ...d.deadlines, ...input?.deadlines },
    evaluationOffsets: input?.evaluationOffsets ?? [...d.evaluationOffsets],
    reminders: { ...d.reminders, ...input?.reminders },
    escalateAfter: input?.escalateAfter ?? d.escalateAfter,
  };
}
