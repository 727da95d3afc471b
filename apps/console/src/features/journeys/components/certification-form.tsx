import { Col, DatePicker, Form, Input, Radio, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import { certificateExpiry } from '@uplift/domain/date';
import { certificationSchema } from '@uplift/domain/schemas';
import type { Journey } from '../api/get-journey';
import { date } from '../lib/format';
import { useJourneyText } from '../lib/text';
import { useStepForm } from '../lib/use-step-form';
import { FormFooter } from './form-footer';

const OUTCOMES = ['certified', 'not_certified', 'declined'] as const;
interface Values {
  outcome?: (typeof OUTCOMES)[number];
  certificateNumber?: string;
  standard?: string;
  issuedOn?: Dayjs | null;
  reason?: string;
}
const blank = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s);

/** The outcome; a certificate's number, standard and issue date; its expiry by the one rule. */
export function CertificationForm({ journey }: { journey: Journey }) {
  const { t, l, locale } = useJourneyText();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const issuedOn = Form.useWatch('issuedOn', form);
  const { submit, pending, formError } = useStepForm({
    journeyId: journey.id,
    path: 'certification',
    form,
    schema: certificationSchema,
    toBody: (v: Values) =>
      v.outcome === 'certified'
        ? {
            outcome: v.outcome,
            certificateNumber: blank(v.certificateNumber),
            standard: blank(v.standard),
            issuedOn: v.issuedOn ? v.issuedOn.format('YYYY-MM-DD') : undefined,
          }
        : { outcome: v.outcome, reason: blank(v.reason) },
    fields: () => [['outcome'], ['certificateNumber'], ['standard'], ['issuedOn'], ['reason']],
  });
  const expiry = issuedOn ? certificateExpiry(issuedOn.format('YYYY-MM-DD')) : null;
  return (
    <Form
      form={form}
      name="certification"
      layout="vertical"
      initialValues={{ standard: 'GB/T 19001-2016/ISO 9001:2015' }}
      onFinish={submit}
      aria-label={t.certification}
    >
      <Form.Item name="outcome" label={t.outcome} required>
        <Radio.Group options={OUTCOMES.map((o) => ({ value: o, label: l.certificationOutcomes[o] }))} />
      </Form.Item>
      {outcome === 'certified' && (
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="certificateNumber" label={t.certificateNumber} required>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="standard" label={t.standard}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="issuedOn" label={t.issuedOn} required>
              <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t.expiresOn} extra={t.expiryDerived}>
              <output aria-live="polite">{date(expiry, locale)}</output>
            </Form.Item>
          </Col>
        </Row>
      )}
      {outcome && outcome !== 'certified' && (
        <Form.Item name="reason" label={t.reason} required={outcome === 'not_certified'}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} />
        </Form.Item>
      )}
      <FormFooter error={formError} pending={pending} label={t.submitCertification} />
    </Form>
  );
}
