import { Col, Form, Input, Row, Select, Typography } from 'antd';
import { assistanceProgressSchema } from '@uplift/domain/schemas';
import type { Journey } from '../api/get-journey';
import { PROGRESS_STATUSES, progressByMeasure, type ProgressStatus } from '../lib/progress';
import { useJourneyText } from '../lib/text';
import { useStepForm } from '../lib/use-step-form';
import { FormFooter } from './form-footer';

interface Values {
  updates: { measure: string; status?: ProgressStatus; note?: string }[];
}

/** Per measure of the plan: its status and a note; repeatable during assistance. */
export function ProgressForm({ journey }: { journey: Journey }) {
  const { t, l } = useJourneyText();
  const [form] = Form.useForm<Values>();
  const measures = journey.plan?.measures ?? [];
  const now = progressByMeasure(journey.progress);
  const initial: Values = {
    updates: measures.map((m) => ({
      measure: m.title,
      status: now.get(m.title)?.status ?? 'planned',
      note: now.get(m.title)?.note ?? '',
    })),
  };
  const { submit, pending, formError } = useStepForm({
    journeyId: journey.id,
    path: 'assistance-progress',
    form,
    schema: assistanceProgressSchema,
    toBody: (v: Values) => ({
      updates: (v.updates ?? []).map((u) => ({
        measure: u.measure,
        status: u.status,
        ...(u.note && u.note.trim() !== '' ? { note: u.note } : {}),
      })),
    }),
    fields: () =>
      measures.flatMap((_, i) => [
        ['updates', i],
        ['updates', i, 'status'],
        ['updates', i, 'note'],
      ]),
  });
  return (
    <Form
      form={form}
      name="progress"
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      aria-label={t.progress}
    >
      <Typography.Paragraph type="secondary">{t.progressHint}</Typography.Paragraph>
      {measures.map((m, i) => (
        <Row gutter={12} key={`${m.title}-${i}`}>
          <Col xs={24} md={8}>
            <Typography.Text strong>{m.title}</Typography.Text>
            <div>
              <Typography.Text type="secondary">
                {m.owner} · {m.dueDate}
              </Typography.Text>
            </div>
          </Col>
          <Col xs={24} sm={10} md={6}>
            <Form.Item name={['updates', i, 'status']} label={`${t.progress}：${m.title}`} required>
              <Select options={PROGRESS_STATUSES.map((s) => ({ value: s, label: l.progressStatuses[s] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14} md={10}>
            <Form.Item name={['updates', i, 'note']} label={`${t.note}：${m.title}`}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      ))}
      <FormFooter error={formError} pending={pending} label={t.submitProgress} />
    </Form>
  );
}
