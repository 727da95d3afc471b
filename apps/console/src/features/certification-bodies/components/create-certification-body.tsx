import { Alert, App, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../../lib/http';
import { useCreateCertificationBody, type NewCertificationBody } from '../api/certification-bodies';
import { useCertificationBodiesText } from '../lib/text';

const FIELDS = ['code', 'name', 'email', 'locale'] as const;

/** Registers a body; the API's rules decide, and its 400 details and 409 land on the fields. */
export function CreateCertificationBody() {
  const t = useCertificationBodiesText();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<NewCertificationBody>();
  const create = useCreateCertificationBody();
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: NewCertificationBody) => {
    setProblem(null);
    try {
      const created = await create.mutateAsync(values);
      void message.success(t.created(created.name));
      setOpen(false);
      form.resetFields();
    } catch (err) {
      if (isApiError(err, 409)) {
        form.setFields([{ name: 'code', errors: [err.message] }]);
        return;
      }
      const details = isApiError(err, 400) ? (err.body?.details ?? []) : [];
      const known = details.filter((d) => (FIELDS as readonly string[]).includes(d.field));
      form.setFields(
        FIELDS.map((name) => ({ name, errors: known.filter((d) => d.field === name).map((d) => d.message) })),
      );
      if (known.length === 0) setProblem((err as Error).message);
    }
  };

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
        <Form<NewCertificationBody>
          form={form}
          layout="vertical"
          name="create-certification-body"
          initialValues={{ locale: 'zh-CN' }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="code" label={t.code} required extra={t.codeHelp}>
            <Input autoComplete="off" maxLength={16} />
          </Form.Item>
          <Form.Item name="name" label={t.name} required>
            <Input autoComplete="off" maxLength={200} />
          </Form.Item>
          <Form.Item name="email" label={t.email} required>
            <Input type="email" autoComplete="off" />
          </Form.Item>
          <Form.Item name="locale" label={t.locale}>
            <Select options={Object.entries(t.locales).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {problem && <Alert type="error" showIcon title={problem} />}
        </Form>
      </Modal>
    </>
  );
}
