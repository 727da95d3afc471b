import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  InvalidInputError,
  StepRefusedError,
  type FieldError,
  type JourneyInput,
  type JourneyState,
  type StepResult,
  type StepName,
  type StepRefusal,
} from '@uplift/domain';
import {
  INVALID_PAYLOAD,
  journeyStateQuery,
  launchRequested,
  STEP_REFUSED,
  stepUpdate,
  type StepCommand,
} from '../../../workflows/definitions';
import { SA_REGION, SA_ROUND, SA_STAGE, SA_STALLED } from './search-attributes';
import { JOURNEY_WORKFLOW, ROUND_LAUNCH_WORKFLOW } from './task-queues';

/** Typed access to journey workflows for the API and the import. */
export class JourneyClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly options: {
      /**
       * Asks the server to hand each new journey's first workflow task back in the start's answer,
       * to the worker that shares this client's `NativeConnection` (the launcher, inside the worker):
       * no trip through the task queue. The server starts the workflow as usual when it cannot.
       */
      eagerStart?: boolean;
      /** Told of every journey started, and whether its first task came back eagerly. */
      onStarted?: (eagerly: boolean) => void;
    } = {},
  ) {}

  /** Starts the journey; `false` when a workflow with its id already exists (a re-import). */
  async start(input: JourneyInput): Promise<boolean> {
    try {
      const handle = await this.client.workflow.start(JOURNEY_WORKFLOW, {
        workflowId: input.id,
        taskQueue: this.taskQueue,
        args: [input],
        ...(this.options.eagerStart ? { requestEagerStart: true } : {}),
        // One journey per enterprise per round, ever: a finished journey's id is never reused.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: SA_STAGE, value: 'screening' },
          { key: SA_STALLED, value: false },
          { key: SA_ROUND, value: input.roundId },
          { key: SA_REGION, value: input.enterprise.regionCode },
        ],
      });
      this.options.onStarted?.(handle.eagerlyStarted);
      return true;
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
      throw err;
    }
  }

  /**
   * Applies a step; a repeat with the same `updateId` gets the first outcome and changes nothing.
   * The answer is small (id, version, stage): the journey is in the read model, written before it.
   */
  async step<S extends StepName>(
    id: string,
    step: S,
    command: StepCommand<S>,
    updateId?: string,
  ): Promise<StepResult> {
    try {
      return await this.client.workflow
        .getHandle(id)
        .executeUpdate(stepUpdate(step), { args: [command], ...(updateId ? { updateId } : {}) });
    } catch (err) {
      throw translateUpdateFailure(err);
    }
  }

  /** Makes sure the round's launch workflow runs and will look for journeys to start. */
  async requestLaunch(roundId: string): Promise<void> {
    await this.client.workflow.signalWithStart(ROUND_LAUNCH_WORKFLOW, {
      workflowId: `launch-${roundId}`,
      taskQueue: this.taskQueue,
      args: [{ roundId }],
      signal: launchRequested,
      signalArgs: [],
    });
  }

  state(id: string): Promise<JourneyState> {
    return this.client.workflow.getHandle(id).query(journeyStateQuery);
  }
}

/** A validator's refusal becomes the domain error the API maps; anything else passes through. */
function translateUpdateFailure(err: unknown): unknown {
  if (!(err instanceof WorkflowUpdateFailedError)) return err;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure)) return err;
  if (cause.type === STEP_REFUSED) return new StepRefusedError(cause.details?.[0] as StepRefusal);
  if (cause.type === INVALID_PAYLOAD) return new InvalidInputError(cause.details?.[0] as FieldError[]);
  return err;
}
