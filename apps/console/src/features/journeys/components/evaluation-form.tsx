import { Checkbox, Col, Form, InputNumber, Radio, Row, Typography } from 'antd';
import { EFFECTIVENESS, SATISFACTION } from '@uplift/domain/journey';
import { evaluationSchema } from '@uplift/domain/schemas';
import { IMPROVEMENT_AREA_NAMES, IMPROVEMENT_AREAS, OPTIONAL_METRIC_NAMES } from '@uplift/domain/survey';
import type { Journey } from '../api/get-journey';
import { useJourneyText } from '../lib/text';
import { useStepForm } from '../lib/use-step-form';
import { FormFooter } from './form-footer';
import { metricFields, metricsBody, MetricsFields, type MetricValues } from './metrics-fields';

type Satisfaction = (typeof SATISFACTION)[number];
type OptionalMetric = (typeof OPTIONAL_METRIC_NAMES)[number];

interface Values {
  satisfaction?: Satisfaction;
  effectiveness?: (typeof EFFECTIVENESS)[number];
  followUpSatisfaction?: Satisfaction;
  improvements?: (typeof IMPROVEMENT_AREAS)[number][];
  problemsSolved?: number | null;
  metrics?: MetricValues & Partial<Record<OptionalMetric, number | null>>;
}

/** Evaluation `n` answered by the body on the enterprise's behalf: the questions the enterprise's page asks. */
export function EvaluationForm({ journey, n }: { journey: Journey; n: number }) {
  const { t, l, locale } = useJourneyText();
  const [form] = Form.useForm<Values>();
  const { submit, pending, formError } = useStepForm({
    journeyId: journey.id,
    path: `evaluations/${n}`,
    form,
    schema: evaluationSchema,
    toBody: (v: Values) => {
      // Optional figures left empty are not sent: not asked, rather than zero.
      const optional = Object.fromEntries(
        OPTIONAL_METRIC_NAMES.map((m) => [m, v.metrics?.[m] ?? undefined]).filter(([, x]) => x !== undefined),
      );
      return {
        satisfaction: v.satisfaction,
        effectiveness: v.effectiveness,
        followUpSatisfaction: v.followUpSatisfaction,
        improvements: v.improvements ?? [],
        problemsSolved: v.problemsSolved ?? undefined,
        metrics: { ...metricsBody(v.metrics), ...optional },
      };
    },
    fields: () => [
      ['satisfaction'],
      ['effectiveness'],
      ['followUpSatisfaction'],
      ['improvements'],
      ['problemsSolved'],
      ['metrics'],
      ...metricFields('metrics'),
      ...OPTIONAL_METRIC_NAMES.map((m) => ['metrics', m]),
    ],
  });
  const satisfactionOptions = SATISFACTION.map((s) => ({ value: s, label: l.satisfaction[s] }));
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
        <Radio.Group options={satisfactionOptions} />
      </Form.Item>
      <Form.Item name="effectiveness" label={t.effectivenessQ} required>
        <Radio.Group options={EFFECTIVENESS.map((e) => ({ value: e, label: l.effectiveness[e] }))} />
      </Form.Item>
      <Form.Item name="followUpSatisfaction" label={t.followUpQ}>
        <Radio.Group options={satisfactionOptions} />
      </Form.Item>
      <Form.Item name="improvements" label={t.improvementsQ}>
        <Checkbox.Group
          options={IMPROVEMENT_AREAS.map((a) => ({
            value: a,
            label: IMPROVEMENT_AREA_NAMES[a][locale === 'en' ? 'en' : 'zh'],
          }))}
        />
      </Form.Item>
      <Form.Item name="problemsSolved" label={t.problemsSolvedQ}>
        <InputNumber min={0} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Typography.Title level={4}>{t.metricsQ}</Typography.Title>
      <MetricsFields name="metrics" />
      <Typography.Title level={5}>{t.optionalMetricsQ}</Typography.Title>
      <Row gutter={16}>
        {OPTIONAL_METRIC_NAMES.map((m) => (
          <Col xs={24} sm={12} lg={8} key={m}>
            <Form.Item name={['metrics', m]} label={`${l.metrics[m]}（${l.units[m]}）`}>
              <InputNumber style={{ width: '100%' }} suffix={l.units[m]} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <FormFooter error={formError} pending={pending} label={t.submitEvaluation} />
    </Form>
  );
}
