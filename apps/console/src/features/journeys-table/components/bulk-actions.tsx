import { Alert, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  BATCH_ACTIONS,
  useCreateBatch,
  type BatchAction,
  type BatchTarget,
  type NewBatch,
} from '../api/batches';
import { useTableText } from '../lib/text';

interface Values {
  decision?: 'selected' | 'rejected';
  reason?: string;
  certificationBodyId?: string;
  fromCertificationBodyId?: string;
}

/** What each action sends as its step's body (API.md: `payload` is that step's body). */
function payloadOf(action: BatchAction, v: Values): NewBatch['payload'] {
  switch (action) {
    case 'screening-decision':
      return v.decision === 'rejected'
        ? { decision: 'rejected', reason: v.reason ?? '' }
        : { decision: 'selected' };
    case 'assignment':
      return { certificationBodyId: v.certificationBodyId ?? '' };
    case 'reassignment':
      return {
        fromCertificationBodyId: v.fromCertificationBodyId,
        certificationBodyId: v.certificationBodyId ?? '',
        ...(v.reason ? { reason: v.reason } : {}),
      };
    case 'withdrawal':
      return { reason: v.reason ?? '' };
  }
}

/**
 * The bulk actions on the selection (or on everything the filters match): pick one, fill in its
 * step's fields, and the batch starts in the background; its page shows it run.
 */
export function BulkActions({
  roundId,
  target,
  count,
  bodies,
}: {
  roundId: string;
  target: BatchTarget;
  count: number;
  bodies: { id: string; name: string }[];
}) {
  const t = useTableText();
  const navigate = useNavigate();
  const [action, setAction] = useState<BatchAction | null>(null);
  const [form] = Form.useForm<Values>();
  const create = useCreateBatch();
  const decision = Form.useWatch('decision', form);
  const bodyOptions = bodies.map((b) => ({ value: b.id, label: b.name }));
  const close = () => {
    setAction(null);
    create.reset();
    form.resetFields();
  };
  const submit = async () => {
    if (!action) return;
    const values = await form.validateFields();
    const batch = await create.mutateAsync({ roundId, action, target, payload: payloadOf(action, values) });
    close();
    void navigate(`/batches/${batch.id}`);
  };

  return (
    <>
      <Select<BatchAction>
        data-testid="bulk-action"
        aria-label={t.bulkAction}
        placeholder={t.chooseAction}
        style={{ minWidth: 180 }}
        value={action ?? undefined}
        onChange={(a) => setAction(a)}
        options={BATCH_ACTIONS.map((a) => ({ value: a, label: t.actions[a] }))}
      />
      <Modal
        open={action !== null}
        title={action ? `${t.bulkAction}：${t.actions[action]}` : t.bulkAction}
        okText={t.submit}
        cancelText={t.cancel}
        onCancel={close}
        onOk={() => void submit().catch(() => undefined)}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'bulk-submit' } as { 'data-testid': string }}
        destroyOnHidden
      >
        <Typography.Paragraph>{t.bulkScope(count)}</Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={{ decision: 'selected' }}>
          {action === 'screening-decision' && (
            <>
              <Form.Item name="decision" label={t.decision}>
                <Radio.Group
                  options={[
                    { value: 'selected', label: t.selectedDecision },
                    { value: 'rejected', label: t.rejectedDecision },
                  ]}
                />
              </Form.Item>
              {decision === 'rejected' && (
                <Form.Item
                  name="reason"
                  label={t.reason}
                  rules={[{ required: true, whitespace: true, message: t.reasonRequired }]}
                >
                  <Input.TextArea rows={2} maxLength={500} showCount />
                </Form.Item>
              )}
            </>
          )}
          {action === 'reassignment' && (
            <Form.Item
              name="fromCertificationBodyId"
              label={t.fromBody}
              rules={[{ required: true, message: t.bodyRequired }]}
            >
              <Select
                options={bodyOptions}
                showSearch
                optionFilterProp="label"
                data-testid="bulk-from-body"
              />
            </Form.Item>
          )}
          {(action === 'assignment' || action === 'reassignment') && (
            <Form.Item
              name="certificationBodyId"
              label={action === 'assignment' ? t.targetBody : t.toBody}
              dependencies={['fromCertificationBodyId']}
              rules={[
                { required: true, message: t.bodyRequired },
                ({ getFieldValue }) => ({
                  validator: (_, v) =>
                    action === 'reassignment' && v && v === getFieldValue('fromCertificationBodyId')
                      ? Promise.reject(new Error(t.sameBody))
                      : Promise.resolve(),
                }),
              ]}
            >
              <Select options={bodyOptions} showSearch optionFilterProp="label" data-testid="bulk-body" />
            </Form.Item>
          )}
          {action === 'reassignment' && (
            <Form.Item name="reason" label={t.reason}>
              <Input maxLength={500} />
            </Form.Item>
          )}
          {action === 'withdrawal' && (
            <Form.Item
              name="reason"
              label={t.reason}
              rules={[{ required: true, whitespace: true, message: t.reasonRequired }]}
            >
              <Input.TextArea rows={2} maxLength={500} showCount />
            </Form.Item>
          )}
        </Form>
        {create.error && <Alert type="error" title={t.bulkFailed} description={create.error.message} />}
      </Modal>
    </>
  );
}
