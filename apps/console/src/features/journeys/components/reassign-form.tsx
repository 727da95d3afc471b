import { Form, Input, Select, Typography } from 'antd';
import { reassignmentSchema } from '@uplift/domain/schemas';
import { STEPS } from '@uplift/domain/steps';
import type { Journey } from '../api/get-journey';
import { useJourneyText } from '../lib/text';
import { useStepForm } from '../lib/use-step-form';
import { FormFooter } from './form-footer';

type Values = { certificationBodyId?: string; reason?: string };

/** Whether a regulator or an admin may move this journey to another body now (the step table's rule). */
export function canReassign(journey: Journey, role: string): boolean {
  const { stages, roles } = STEPS.reassignment;
  return (
    (role === 'admin' || (roles as readonly string[]).includes(role)) &&
    journey.certificationBodyId !== null &&
    (stages as readonly string[]).includes(journey.stage)
  );
}

/**
 * Moves the journey to another body. It names the body it moves from (the one shown): if someone
 * moved it meanwhile, the API refuses instead of moving it from a body the reader did not see.
 */
export function ReassignForm({
  journey,
  bodies,
}: {
  journey: Journey;
  bodies: { id: string; name: string }[];
}) {
  const { t } = useJourneyText();
  const [form] = Form.useForm<Values>();
  const { submit, pending, formError } = useStepForm({
    journeyId: journey.id,
    path: 'reassignment',
    form,
    schema: reassignmentSchema,
    toBody: (v: Values) => ({
      fromCertificationBodyId: journey.certificationBodyId ?? undefined,
      certificationBodyId: v.certificationBodyId ?? '',
      reason: v.reason || undefined,
    }),
    fields: () => [['certificationBodyId'], ['reason']],
    onDone: () => form.resetFields(),
  });
  const options = bodies
    .filter((b) => b.id !== journey.certificationBodyId)
    .map((b) => ({ value: b.id, label: b.name }));
  return (
    <Form form={form} name="reassignment" layout="vertical" onFinish={submit} aria-label={t.reassign}>
      <Typography.Paragraph type="secondary">{t.reassignHint}</Typography.Paragraph>
      <Form.Item name="certificationBodyId" label={t.newBody} required>
        <Select options={options} placeholder={t.selectPlaceholder} showSearch optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="reason" label={t.reassignReason}>
        <Input maxLength={500} />
      </Form.Item>
      <FormFooter error={formError} pending={pending} label={t.submitReassign} />
    </Form>
  );
}
