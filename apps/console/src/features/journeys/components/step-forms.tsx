import { Card, Collapse, Flex, Typography } from 'antd';
import type { Journey } from '../api/get-journey';
import type { DueForm } from '../lib/due-steps';
import { useJourneyText } from '../lib/text';
import { CertificationForm } from './certification-form';
import { CompletionForm } from './completion-form';
import { DiagnosisForm } from './diagnosis-form';
import { EvaluationForm } from './evaluation-form';
import { PlanForm } from './plan-form';
import { ProgressForm } from './progress-form';

function FormFor({ journey, form, amend }: { journey: Journey; form: DueForm; amend?: boolean }) {
  switch (form.kind) {
    case 'diagnosis':
      return <DiagnosisForm journey={journey} amend={amend} />;
    case 'plan':
      return <PlanForm journey={journey} amend={amend} />;
    case 'progress':
      return <ProgressForm journey={journey} />;
    case 'completion':
      return <CompletionForm journey={journey} />;
    case 'certification':
      return <CertificationForm journey={journey} />;
    case 'evaluation':
      return <EvaluationForm journey={journey} n={form.n} />;
  }
}

/** The forms of the steps due now for this viewer, then the amendments still allowed. */
export function StepForms({ journey, due, amend }: { journey: Journey; due: DueForm[]; amend: DueForm[] }) {
  const { t, l } = useJourneyText();
  const title = (f: DueForm) =>
    f.kind === 'evaluation'
      ? `${l.steps.evaluation} · ${t.evaluationNo(f.n)}`
      : {
          diagnosis: l.steps.diagnosis,
          plan: l.steps['assistance-plan'],
          progress: t.progress,
          completion: l.steps['assistance-completion'],
          certification: l.steps.certification,
        }[f.kind];
  // Keyed by version: after a step, the forms start from the journey as it now is.
  const key = (f: DueForm) => `${f.kind}-${f.kind === 'evaluation' ? f.n : ''}-${journey.version}`;
  return (
    <section aria-labelledby="due-now">
      <Typography.Title level={2} id="due-now">
        {t.dueNow}
      </Typography.Title>
      <Flex vertical gap="middle">
        {due.map((f) => (
          <Card
            key={key(f)}
            title={
              <span role="heading" aria-level={3}>
                {title(f)}
              </span>
            }
          >
            <FormFor journey={journey} form={f} />
          </Card>
        ))}
        {amend.length > 0 && (
          <Collapse
            items={amend.map((f) => ({
              key: key(f),
              label: f.kind === 'diagnosis' ? t.amendDiagnosis : t.amendPlan,
              children: <FormFor journey={journey} form={f} amend />,
            }))}
          />
        )}
      </Flex>
    </section>
  );
}
