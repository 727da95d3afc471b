import type { CalendarMode, WorkingHours } from './calendar';

/**
 * A round's settings: every deadline and rhythm of its journeys, as ISO 8601 durations, and how its
 * people are told. `calendar`, `workingHours` and `digest` came with the notifications issue: a
 * journey started before them carries none, and reads as the defaults (every day, any time, one email each).
 */
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
  /** How deadlines count days: every day, or working days of the mainland calendar. */
  calendar?: CalendarMode;
  /** Beijing time; emails to people wait for these hours on working days. Null: any time. */
  workingHours?: WorkingHours | null;
  /** Reminders and escalations to bureau and body staff gathered into one email a day at `at` (Beijing). */
  digest?: { at: string } | null;
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
  calendar: 'calendar',
  workingHours: null,
  digest: null,
};

/** What the console's round presets add to a round's settings (the API's defaults stay as before). */
export const CONSOLE_NOTIFICATION_PRESET = {
  workingHours: { from: '09:00', to: '18:00' },
  digest: { at: '09:00' },
} as const satisfies Pick<RoundSettings, 'workingHours' | 'digest'>;

export type RoundSettingsInput = {
  deadlines?: Partial<RoundSettings['deadlines']>;
  evaluationOffsets?: string[];
  reminders?: Partial<RoundSettings['reminders']>;
  escalateAfter?: string;
  calendar?: CalendarMode;
  workingHours?: WorkingHours | null;
  digest?: { at: string } | null;
};

/** Fills what a regulator left out with the campaign's defaults. */
export function resolveRoundSettings(input: RoundSettingsInput | undefined): RoundSettings {
  const d = DEFAULT_ROUND_SETTINGS;
  return {
    deadlines: { ...d.deadlines, ...input?.deadlines },
    evaluationOffsets: input?.evaluationOffsets ?? [...d.evaluationOffsets],
    reminders: { ...d.reminders, ...input?.reminders },
    escalateAfter: input?.escalateAfter ?? d.escalateAfter,
    calendar: input?.calendar ?? d.calendar,
    workingHours: input?.workingHours === undefined ? d.workingHours : input.workingHours,
    digest: input?.digest === undefined ? d.digest : input.digest,
  };
}

/** `settings` with a change applied part by part (PATCH /v1/rounds/{id}/settings). */
export function mergeRoundSettings(settings: RoundSettings, change: RoundSettingsInput): RoundSettings {
  return resolveRoundSettings({
    ...settings,
    ...change,
    deadlines: { ...settings.deadlines, ...change.deadlines },
    reminders: { ...settings.reminders, ...change.reminders },
  });
}
