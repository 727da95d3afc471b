import { ROLES } from '@uplift/domain/principal';
import { divisionFullName } from '@uplift/domain/division-names';
import { Alert, App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../../lib/http';
import { useLabels } from '../../../lib/labels';
import { useCertificationBodyList } from '../../certification-bodies/api/certification-bodies';
import { useCreatePrincipal, type CreatedPrincipal, type NewPrincipal } from '../api/principals';
import { usePrincipalsText } from '../lib/text';

const FIELDS = ['role', 'name', 'email', 'regionCode', 'certificationBodyId'] as const;

/**
 * A new account: the role decides whether a division or a body is asked for. The API's rules decide
 * what is valid; its 400 details land on the fields they name.
 */
export function CreatePrincipal({ onCreated }: { onCreated: (created: CreatedPrincipal) => void }) {
  const t = usePrincipalsText();
  const labels = useLabels();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NewPrincipal>();
  const role = Form.useWatch('role', form);
  const regionCode = Form.useWatch('regionCode', form);
  const bodies = useCertificationBodyList();
  const create = useCreatePrincipal();
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: NewPrincipal) => {
    setProblem(null);
    try {
      const created = await create.mutateAsync({
        role: values.role,
        name: values.name,
        email: values.email,
        ...(values.role === 'regulator' ? { regionCode: values.regionCode } : {}),
        ...(values.role === 'certification_body' ? { certificationBodyId: values.certificationBodyId } : {}),
      });
      void message.success(t.created(created.name));
      setOpen(false);
      form.resetFields();
      onCreated(created);
    } catch (err) {
      const details = isApiError(err, 400) ? (err.body?.details ?? []) : [];
      const known = details.filter((d) => (FIELDS as readonly string[]).includes(d.field));
      form.setFields(
        FIELDS.map((name) => ({ name, errors: known.filter((d) => d.field === name).map((d) => d.message) })),
      );
      const rest = details.filter((d) => !known.includes(d));
      if (known.length === 0 || rest.length > 0)
        setProblem(rest.map((d) => `${d.field}: ${d.message}`).join('；') || (err as Error).message);
    }
  };

  const regionName = regionCode && /^\d{6}$/.test(regionCode) ? divisionFullName(regionCode) : null;
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        {t.create}
      </Button>
      <Modal
        open={open}
        title={t.create}
        okText={t.submit}
        cancelText={t.cancel}
        confirmLoading={create.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<NewPrincipal>
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v)}
          name="create-principal"
        >
          <Form.Item name="role" label={t.role} required>
            <Select
              placeholder={t.pickRole}
              options={ROLES.map((r) => ({ value: r, label: labels.role(r) }))}
            />
          </Form.Item>
          <Form.Item name="name" label={t.name} required>
            <Input autoComplete="off" maxLength={200} />
          </Form.Item>
          <Form.Item name="email" label={t.email} required>
            <Input type="email" autoComplete="off" />
          </Form.Item>
          {role === 'regulator' && (
            <Form.Item name="regionCode" label={t.regionCode} required extra={t.regionHelp(regionName)}>
              <Input inputMode="numeric" maxLength={6} autoComplete="off" />
            </Form.Item>
          )}
          {role === 'certification_body' && (
            <Form.Item name="certificationBodyId" label={t.certificationBody} required>
              <Select
                placeholder={t.pickBody}
                loading={bodies.isPending}
                showSearch={{ optionFilterProp: 'label' }}
                options={(bodies.data ?? []).map((b) => ({ value: b.id, label: `${b.name}（${b.code}）` }))}
              />
            </Form.Item>
          )}
          {problem && <Alert type="error" showIcon title={problem} />}
        </Form>
      </Modal>
    </>
  );
}
