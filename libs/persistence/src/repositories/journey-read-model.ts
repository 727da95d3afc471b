import type { Enterprise, JourneyState } from '@uplift/domain';

/** Where the workflow mirrors its state for lists, filters and counts (`SqlJourneyRepository`). */
export interface JourneyReadModel {
  /** Writes `state` unless a newer version is already there; the row itself is created by the import. */
  record(state: JourneyState): Promise<void>;
  /** The enterprise a journey is about, as imported: emails read it here, not from the workflow. */
  enterprise(journeyId: string): Promise<Enterprise>;
  /** The stage the journey is in as last written: a digest item records where the journey stood. */
  stage(journeyId: string): Promise<JourneyState['stage']>;
}
