import { Form, Select, Typography } from 'antd';
import { assigneeSchema } from '@uplift/domain/schemas';
import { STEPS } from '@uplift/domain/steps';
import type { Journey } from '../api/get-journey';
import { useJourneyText } from '../lib/text';
import { useStepForm } from '../lib/use-step-form';
import { FormFooter } from './form-footer';

/** The form's value for "nobody: the body's own address" (the API's null). */
const TO_BODY = '';

type Values = { assigneeId?: string };

/** Whether a person of the journey's own body (or an admin) may give it to one of the body's staff now. */
export function canAssign(
  journey: Journey,
  viewer: { role: string; certificationBodyId: string | null },
): boolean {
  const { stages } = STEPS.assignee;
  const ownBody =
    viewer.role === 'certification_body' && viewer.certificationBodyId === journey.certificationBodyId;
  return (
    (viewer.role === 'admin' || ownBody) &&
    journey.certificationBodyId !== null &&
    (stages as readonly string[]).includes(journey.stage)
  );
}

/**
 * Gives the journey to one of the body's staff: emails about it go to that person from then on, and
 * the person it is taken from is told. "Nobody" sends them to the body's own address again.
 */
export function AssigneeForm({
  journey,
  staff,
}: {
  journey: Journey;
  staff: { id: string; name: string; email: string }[];
}) {
  const { t } = useJourneyText();
  const [form] = Form.useForm<Values>();
  const { submit, pending, formError } = useStepForm({
    journeyId: journey.id,
    path: 'assignee',
    form,
    schema: assigneeSchema,
    toBody: (v: Values) => ({ assigneeId: v.assigneeId ? v.assigneeId : null }),
    fields: () => [['assigneeId']],
  });
  const current = staff.find((s) => s.id === journey.assigneeId);
  const options = [
    { value: TO_BODY, label: t.assigneeNone },
    ...staff.map((s) => ({ value: s.id, label: `${s.name}（${s.email}）` })),
  ];
  return (
    <Form
      form={form}
      name="assignee"
      layout="vertical"
      onFinish={submit}
      aria-label={t.assignee}
      initialValues={{ assigneeId: journey.assigneeId ?? TO_BODY }}
    >
      <Typography.Paragraph type="secondary" data-testid="current-assignee">
        {t.assigneeCurrent}：
        {current ? current.name : journey.assigneeId ? journey.assigneeId : t.assigneeNone}
      </Typography.Paragraph>
      <Form.Item name="assigneeId" label={t.assigneePick} extra={t.assigneeHint}>
        <Select options={options} showSearch optionFilterProp="label" />
      </Form.Item>
      <FormFooter error={formError} pending={pending} label={t.submitAssignee} />
    </Form>
  );
}
