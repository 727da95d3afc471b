import { Form, Input, Typography } from 'antd';
import { assistanceCompletionSchema } from '@uplift/domain/schemas';
import type { Journey } from '../api/get-journey';
import { useJourneyText } from '../lib/text';
import { useStepForm } from '../lib/use-step-form';
import { FormFooter } from './form-footer';

export function CompletionForm({ journey }: { journey: Journey }) {
  const { t } = useJourneyText();
  const [form] = Form.useForm<{ summary?: string }>();
  const { submit, pending, formError } = useStepForm({
    journeyId: journey.id,
    path: 'assistance-completion',
    form,
    schema: assistanceCompletionSchema,
    toBody: (v: { summary?: string }) => ({ summary: v.summary || undefined }),
    fields: () => [['summary']],
  });
  return (
    <Form form={form} name="completion" layout="vertical" onFinish={submit} aria-label={t.completion}>
      <Typography.Paragraph type="secondary">{t.completionHint}</Typography.Paragraph>
      <Form.Item name="summary" label={t.completion} required>
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={8000} showCount />
      </Form.Item>
      <FormFooter error={formError} pending={pending} label={t.submitCompletion} />
    </Form>
  );
}
