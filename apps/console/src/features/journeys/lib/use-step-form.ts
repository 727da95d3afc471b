import { App, type FormInstance } from 'antd';
import { useRef, useState } from 'react';
import type { z } from 'zod';
import { useTakeStep, type StepPath } from '../api/take-step';
import { ApiError } from './api-error';
import { issueDetails, localised, showFieldErrors, type FieldPath } from './form-errors';
import { useJourneyNotice } from './notice';
import { useJourneyText } from './text';

/** The refusals that mean the journey has moved on to another stage, not a rule of the payload. */
const STAGE_REFUSALS = new Set(['step.wrong_stage', 'step.journey_ended', 'step.refused']);

/**
 * A step form's submission: the domain's own schema first (the rules the API applies, each problem on
 * its field), then the API (a 400's details on their fields, a 409 naming the stage the journey is in
 * now), one request at a time.
 */
export function useStepForm<S extends z.ZodType>(options: {
  journeyId: string;
  path: StepPath;
  form: FormInstance;
  schema: S;
  /** The form's values as the step's body, before the schema reads it. */
  toBody: (values: never) => unknown;
  /** Every field the form shows, so a detail finds its field. */
  fields: () => FieldPath[];
  onDone?: () => void;
}) {
  const { t, l, locale } = useJourneyText();
  const { message } = App.useApp();
  const mutation = useTakeStep(options.journeyId, options.path);
  const [formError, setFormError] = useState<string | null>(null);
  const busy = useRef(false);
  const notify = useJourneyNotice();

  const place = (details: { field: string; message: string }[]) => {
    const elsewhere = showFieldErrors(options.form, details, options.fields());
    setFormError(elsewhere.length > 0 ? elsewhere.join('；') : t.fixErrors);
  };

  const submit = async () => {
    if (busy.current) return;
    setFormError(null);
    notify(null);
    const values = options.form.getFieldsValue(true) as never;
    const parsed = options.schema.safeParse(options.toBody(values));
    if (!parsed.success) {
      place(issueDetails(parsed.error, locale));
      return;
    }
    busy.current = true;
    try {
      await mutation.mutateAsync(parsed.data);
      void message.success(t.submitted);
      options.onDone?.();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length > 0)
        place(err.details.map((d) => ({ ...d, message: localised(d, locale) })));
      else if (err instanceof ApiError && err.status === 409) {
        const stage = err.currentStage ? (l.stages as Record<string, string>)[err.currentStage] : undefined;
        // A refusal for the stage says where the journey is now; any other says its own rule (the
        // API words it in the reader's language).
        const byStage = !err.code || STAGE_REFUSALS.has(err.code);
        const text = stage && byStage ? t.conflict(stage) : err.message;
        setFormError(text);
        notify(text);
      } else setFormError(err instanceof Error && err.message ? err.message : t.failed);
    } finally {
      busy.current = false;
    }
  };

  return { submit, pending: mutation.isPending, formError };
}
