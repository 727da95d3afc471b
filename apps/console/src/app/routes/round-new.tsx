import { Alert, Button, Card, Form, Input, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCreateRound } from '../../features/rounds/api/create-round';
import { RoundSettingsFields, settingsFormPath } from '../../features/rounds/components/settings-fields';
import {
  demoPreset,
  nationalPreset,
  settingsBody,
  type SettingsValues,
} from '../../features/rounds/lib/durations';
import { useRoundText } from '../../features/rounds/lib/text';
import { isApiError } from '../../lib/http';
import { useT } from '../../lib/text';

interface Values extends SettingsValues {
  name: string;
  regionCode: string;
  preset: 'national' | 'demo';
}

/** `/console/rounds/new`: a round's settings in days, weeks or minutes, from a preset. */
export function Component() {
  const w = useRoundText();
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const create = useCreateRound();
  const [formError, setFormError] = useState<string | null>(null);
  // Opened, with settings worth a second look (a working-day calendar past its data): shown before the import.
  const [created, setCreated] = useState<{ id: string; warnings: string[] } | null>(null);

  const applyPreset = (preset: Values['preset']) =>
    form.setFieldsValue(preset === 'demo' ? demoPreset() : nationalPreset());

  const submit = async (v: Values) => {
    setFormError(null);
    try {
      const round = await create.mutateAsync({
        name: v.name.trim(),
        regionCode: v.regionCode.trim(),
        settings: settingsBody(v),
      });
      if (round.warnings?.length)
        setCreated({ id: round.id, warnings: round.warnings.map((x) => x.message) });
      else void navigate(`/rounds/${round.id}/import`);
    } catch (err) {
      if (isApiError(err, 400) && err.body?.details?.length) {
        const unplaced: string[] = [];
        const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
        for (const d of err.body.details) {
          const path = settingsFormPath(d.field);
          if (!path) unplaced.push(d.message);
          else {
            const key = path.join('.');
            const entry = byField.get(key) ?? { name: path, errors: [] };
            entry.errors.push(d.message);
            byField.set(key, entry);
          }
        }
        form.setFields([...byField.values()] as Parameters<typeof form.setFields>[0]);
        setFormError(unplaced.length ? unplaced.join('；') : null);
      } else setFormError(err instanceof Error ? err.message : w.createFailed);
    }
  };

  return (
    <>
      <Link to="/rounds">← {t.roundsTitle}</Link>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {w.newRoundTitle}
      </Typography.Title>
      <Form<Values>
        form={form}
        name="new-round"
        layout="vertical"
        aria-label={w.newRoundTitle}
        initialValues={{ name: '', regionCode: '', preset: 'national', ...nationalPreset() }}
        onFinish={(v) => void submit(v)}
        style={{ maxWidth: 760 }}
      >
        <Card size="small" style={{ marginBottom: 16 }}>
          <Form.Item
            name="name"
            label={w.name}
            rules={[{ required: true, whitespace: true, message: w.nameRequired }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={w.regionCode}
            extra={w.regionHint}
            rules={[{ required: true, pattern: /^\d{6}$/, message: w.regionInvalid }]}
          >
            <Input maxLength={6} inputMode="numeric" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="preset" label={w.preset}>
            <Radio.Group
              optionType="button"
              onChange={(e) => applyPreset(e.target.value as Values['preset'])}
              options={[
                { value: 'national', label: w.presetNational },
                { value: 'demo', label: w.presetDemo },
              ]}
            />
          </Form.Item>
        </Card>
        <RoundSettingsFields />
        {created && (
          <Alert
            type="warning"
            showIcon
            role="status"
            title={w.createdWithWarnings}
            description={created.warnings.join('；')}
            action={<Link to={`/rounds/${created.id}/import`}>{w.continueToImport}</Link>}
            style={{ marginBottom: 16 }}
          />
        )}
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} />}
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            loading={create.isPending}
            disabled={created !== null}
            data-testid="create-round"
          >
            {w.create}
          </Button>
          <Link to="/rounds">{w.cancel}</Link>
        </Space>
      </Form>
    </>
  );
}
