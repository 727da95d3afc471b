/**
 * Every `patched()` id the workflows use, oldest first. An id stays here (and in the code) until no
 * journey that started before it can still be running; the replay test checks that the recorded
 * histories include journeys from both sides of each one.
 */
export const PATCHES = {
  /** Alarms already due are applied together, and their emails sent while the read model is written. */
  coalescedAlarms: 'coalesced-alarms-v1',
  /** A journey whose launcher wrote its first state to the read model does not write it again. */
  launcherRecordsInitialState: 'launcher-records-initial-state-v1',
  /**
   * The history stays bounded: large texts go to the read model once, with their step; the state the
   * workflow carries, its Update answers and its email activities carry no texts; a long run
   * continues as new.
   */
  boundedHistory: 'bounded-history-v1',
  /** Emails go out concurrently, never awaited by the alarm loop: a retried email delays no alarm. */
  concurrentEmails: 'concurrent-emails-v1',
  /**
   * During assistance the diagnosis and the plan may be submitted again (an amendment) and progress
   * on the plan's measures is recorded: each a new version of the journey that moves no stage and
   * resets no deadline. Before it, a second plan or diagnosis was refused and there was no progress.
   */
  assistanceRevisions: 'assistance-revisions-v1',
  /**
   * A journey started with its round's division (`JourneyInput.roundRegionCode`) escalates up the
   * division hierarchy (`escalationLadder`): the enterprise's county or city bureau first, one rung
   * more each escalation period, the round's owner last. Before it, one escalation to the round's owner.
   */
  escalationLadder: 'escalation-ladder-v1',
} as const;
