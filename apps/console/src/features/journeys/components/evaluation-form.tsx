import { Form, Radio, Typography } from 'antd';
import { EFFECTIVENESS, SATISFACTION } from '@uplift/domain/journey';
import { evaluationSchema } from '@uplift/domain/schemas';
import type { Journey } from '../api/get-journey';
import { useJourneyText } from '../lib/text';
import { useStepForm } from '../lib/use-step-form';
import { FormFooter } from './form-footer';
import { metricFields, metricsBody, MetricsFields, type MetricValues } from './metrics-fields';

interface Values {
  satisfaction?: (typeof SATISFACTION)[number];
  effectiveness?: (typeof EFFECTIVENESS)[number];
  metrics?: MetricValues;
}

/** Evaluation `n` answered by the body on the enterprise's behalf. */
export function EvaluationForm({ journey, n }: { journey: Journey; n: number }) {
  const { t, l } = useJourneyText();
  const [form] = Form.useForm<Values>();
  const { submit, pending, formError } = useStepForm({
    journeyId: journey.id,
    path: `evaluations/${n}`,
    form,
    schema: evaluationSchema,
    toBody: (v: Values) => ({
      satisfaction: v.satisfaction,
      effectiveness: v.effectiveness,
      metrics: metricsBody(v.metrics),
    }),
    fields: () => [['satisfaction'], ['effectiveness'], ['metrics'], ...metricFields('metrics')],
  });
  return (
    <Form
      form={form}
      name={`evaluation-${n}`}
      layout="vertical"
      onFinish={submit}
      aria-label={t.evaluationNo(n)}
    >
      <Typography.Paragraph type="secondary">{t.evaluationHint}</Typography.Paragraph>
      <Form.Item name="satisfaction" label={t.satisfactionQ} required>
        <Radio.Group options={SATISFACTION.map((s) => ({ value: s, label: l.satisfaction[s] }))} />
      </Form.Item>
      <Form.Item name="effectiveness" label={t.effectivenessQ} required>
        <Radio.Group options={EFFECTIVENESS.map((e) => ({ value: e, label: l.effectiveness[e] }))} />
      </Form.Item>
      <Typography.Title level={4}>{t.metricsQ}</Typography.Title>
      <MetricsFields name="metrics" />
      <FormFooter error={formError} pending={pending} label={t.submitEvaluation} />
    </Form>
  );
}
