import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, DatePicker, Form, Input, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { assistancePlanSchema } from '@uplift/domain/schemas';
import type { Journey } from '../api/get-journey';
import { useJourneyText } from '../lib/text';
import { useStepForm } from '../lib/use-step-form';
import { FormFooter } from './form-footer';

interface Values {
  measures: { title?: string; owner?: string; dueDate?: Dayjs | null }[];
}

const blank = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);

/** The assistance plan: an editable table of measures (title, owner, due date), one row per measure. */
export function PlanForm({ journey, amend = false }: { journey: Journey; amend?: boolean }) {
  const { t } = useJourneyText();
  const [form] = Form.useForm<Values>();
  const current = journey.plan;
  const initial: Values =
    amend && current
      ? { measures: current.measures.map((m) => ({ ...m, dueDate: dayjs(m.dueDate) })) }
      : { measures: [{ title: '', owner: '', dueDate: null }] };
  const { submit, pending, formError } = useStepForm({
    journeyId: journey.id,
    path: 'assistance-plan',
    form,
    schema: assistancePlanSchema,
    toBody: (v: Values) => ({
      measures: (v.measures ?? []).map((m) => ({
        title: blank(m.title),
        owner: blank(m.owner),
        dueDate: m.dueDate ? m.dueDate.format('YYYY-MM-DD') : undefined,
      })),
    }),
    fields: () => [
      ['measures'],
      ...(form.getFieldValue('measures') as unknown[]).flatMap((_, i) => [
        ['measures', i],
        ['measures', i, 'title'],
        ['measures', i, 'owner'],
        ['measures', i, 'dueDate'],
      ]),
    ],
  });
  const id = amend ? 'amend-plan' : 'plan';
  return (
    <Form
      form={form}
      name={id}
      layout="vertical"
      initialValues={initial}
      onFinish={submit}
      aria-label={t.plan}
    >
      <Typography.Title level={4}>{t.measure}</Typography.Title>
      <Form.List name="measures">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => (
              <Row gutter={12} key={field.key} align="top" className="uplift-measure-row">
                <Col xs={24} md={11}>
                  <Form.Item name={[field.name, 'title']} label={`${t.measure} ${index + 1}`} required>
                    <Input maxLength={500} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item name={[field.name, 'owner']} label={t.owner} required>
                    <Input maxLength={100} />
                  </Form.Item>
                </Col>
                <Col xs={9} md={5}>
                  <Form.Item name={[field.name, 'dueDate']} label={t.dueDate} required>
                    <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
                  </Form.Item>
                </Col>
                <Col xs={3} md={2}>
                  <Form.Item label={<span className="uplift-visually-hidden">{t.remove}</span>}>
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t.removeRow(index + 1)}
                      disabled={fields.length === 1}
                      onClick={() => remove(field.name)}
                    />
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ title: '', owner: '', dueDate: null })}
              style={{ marginBottom: 24 }}
            >
              {t.addMeasure}
            </Button>
          </>
        )}
      </Form.List>
      <FormFooter error={formError} pending={pending} label={t.submitPlan} />
    </Form>
  );
}
