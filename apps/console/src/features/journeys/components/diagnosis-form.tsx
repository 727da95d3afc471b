import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, Row, Select, Typography } from 'antd';
import { DIMENSIONS, type Dimension } from '@uplift/domain/journey';
import { diagnosisSchema } from '@uplift/domain/schemas';
import type { Journey } from '../api/get-journey';
import { useJourneyText } from '../lib/text';
import { useStepForm } from '../lib/use-step-form';
import { FormFooter } from './form-footer';
import { metricFields, metricsBody, MetricsFields, type MetricValues } from './metrics-fields';

interface Values {
  findings: { dimension?: Dimension; category?: string; description?: string }[];
  baseline?: MetricValues;
}

const blank = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);

/** The diagnosis: findings on the four dimensions and the baseline; prefilled when it amends one. */
export function DiagnosisForm({ journey, amend = false }: { journey: Journey; amend?: boolean }) {
  const { t, l } = useJourneyText();
  const [form] = Form.useForm<Values>();
  const current = journey.diagnosis;
  const initial: Values =
    amend && current
      ? { findings: current.findings, baseline: current.baseline }
      : { findings: [{ dimension: undefined, category: '', description: '' }], baseline: {} };
  const { submit, pending, formError } = useStepForm({
    journeyId: journey.id,
    path: 'diagnosis',
    form,
    schema: diagnosisSchema,
    toBody: (v: Values) => ({
      findings: (v.findings ?? []).map((f) => ({
        dimension: f.dimension,
        category: blank(f.category),
        description: blank(f.description),
      })),
      baseline: metricsBody(v.baseline),
    }),
    fields: () => [
      ['findings'],
      ...(form.getFieldValue('findings') as unknown[]).flatMap((_, i) => [
        ['findings', i],
        ['findings', i, 'dimension'],
        ['findings', i, 'category'],
        ['findings', i, 'description'],
      ]),
      ['baseline'],
      ...metricFields('baseline'),
    ],
  });
  const id = amend ? 'amend-diagnosis' : 'diagnosis';
  return (
    <Form
      form={form}
      name={id}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      aria-label={t.diagnosis}
    >
      <Typography.Title level={4}>{t.findings}</Typography.Title>
      <Form.List name="findings">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                title={t.row(index + 1)}
                style={{ marginBottom: 12 }}
                extra={
                  fields.length > 1 && (
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t.removeRow(index + 1)}
                      onClick={() => remove(field.name)}
                    />
                  )
                }
              >
                <Row gutter={16}>
                  <Col xs={24} md={8}>
                    <Form.Item name={[field.name, 'dimension']} label={t.dimension} required>
                      <Select
                        placeholder={t.selectPlaceholder}
                        options={DIMENSIONS.map((d) => ({ value: d, label: l.dimensions[d] }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={16}>
                    <Form.Item name={[field.name, 'category']} label={t.category} required>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col span={24}>
                    <Form.Item name={[field.name, 'description']} label={t.description} required>
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} />
                    </Form.Item>
                  </Col>
                </Row>
              </Card>
            ))}
            <Form.ErrorList errors={errors} />
            <Button icon={<PlusOutlined />} onClick={() => add({ category: '', description: '' })}>
              {t.addFinding}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Title level={4} style={{ marginTop: 24 }}>
        {t.baseline}
      </Typography.Title>
      <MetricsFields name="baseline" />
      <FormFooter error={formError} pending={pending} label={t.submitDiagnosis} />
    </Form>
  );
}
