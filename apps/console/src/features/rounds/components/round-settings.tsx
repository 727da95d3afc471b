import type { CalendarMode } from '@uplift/domain/calendar';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { formatBeijing } from '../../../lib/format';
import { isApiError } from '../../../lib/http';
import { useLocale } from '../../../lib/i18n';
import { useLabels } from '../../../lib/labels';
import { useChangeRoundSettings } from '../api/change-settings';
import { useRoundChanges, type RoundChange } from '../api/get-round-changes';
import { useSetRoundPaused } from '../api/pause-round';
import type { Round } from '../api/rounds';
import { settingsChange, valuesFromSettings, type SettingsValues } from '../lib/durations';
import { settingsLines } from '../lib/settings-words';
import { useRoundText } from '../lib/text';
import { RoundSettingsFields, settingsFormPath } from './settings-fields';

/** Amber dark enough for white text (WCAG AA), as the paused state's tag. */
export const PAUSED_COLOR = '#ad4e00';

/**
 * A round's settings in people's words, whether its reminders are paused, and the audit of their
 * changes; its own regulator (or an admin) changes them here, and pauses or resumes the reminders.
 */
export function RoundSettingsPanel({ round, canChange }: { round: Round; canChange: boolean }) {
  const w = useRoundText();
  const labels = useLabels();
  const { locale } = useLocale();
  const [editing, setEditing] = useState(false);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const change = useChangeRoundSettings(round.id);
  const paused = useSetRoundPaused(round.id);
  const changes = useRoundChanges(round.id);
  const [form] = Form.useForm<SettingsValues>();
  const open = round.status === 'open';

  const save = async (values: SettingsValues) => {
    setProblem(null);
    try {
      const body = settingsChange(round.settings, values);
      if (Object.keys(body).length === 0) return setEditing(false);
      const answer = await change.mutateAsync(body);
      setWarnings(answer.warnings?.map((x) => x.message) ?? []);
      setEditing(false);
    } catch (err) {
      if (isApiError(err, 400) && err.body?.details?.length) {
        const unplaced: string[] = [];
        for (const d of err.body.details) {
          const path = settingsFormPath(d.field);
          if (path) form.setFields([{ name: path as never, errors: [d.message] }]);
          else unplaced.push(d.message);
        }
        setProblem(unplaced.length ? unplaced.join('；') : null);
      } else setProblem(err instanceof Error ? err.message : w.changeFailed);
    }
  };

  const setPaused = (to: boolean) =>
    paused.mutate(to, { onError: (err) => setProblem(err instanceof Error ? err.message : w.changeFailed) });

  const lines = settingsLines(round.settings, w, labels, locale, round.settings.calendar);
  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 16, margin: 0 }}>{w.settingsTitle}</h2>}
      style={{ marginBottom: 16 }}
      data-testid="round-settings"
      extra={
        canChange &&
        open && (
          <Space wrap>
            <Button
              onClick={() => {
                form.setFieldsValue(valuesFromSettings(round.settings));
                setProblem(null);
                setEditing(true);
              }}
            >
              {w.changeSettings}
            </Button>
            {round.pausedAt ? (
              <Button type="primary" loading={paused.isPending} onClick={() => setPaused(false)}>
                {w.resume}
              </Button>
            ) : (
              <Popconfirm
                title={w.pauseConfirm}
                onConfirm={() => setPaused(true)}
                okText={w.pause}
                cancelText={w.cancel}
              >
                <Button danger loading={paused.isPending}>
                  {w.pause}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <div data-testid="pause-state">
          <Typography.Text strong>{w.pauseState}：</Typography.Text>
          {round.pausedAt ? (
            <Tag color={PAUSED_COLOR}>{w.pausedSince(formatBeijing(round.pausedAt))}</Tag>
          ) : (
            <Typography.Text>{w.running}</Typography.Text>
          )}
        </div>
        {warnings.length > 0 && (
          <Alert
            type="warning"
            showIcon
            role="status"
            title={warnings.join('；')}
            closable
            onClose={() => setWarnings([])}
          />
        )}
        {problem && !editing && <Alert type="error" showIcon title={problem} />}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={lines.map(([label, value]) => ({ key: label, label, children: value }))}
        />
        <ChangesTable
          changes={changes.data ?? []}
          loading={changes.isPending}
          calendar={round.settings.calendar}
        />
      </Space>
      <Modal
        open={editing}
        title={w.changeSettings}
        width={820}
        okText={w.save}
        cancelText={w.cancel}
        confirmLoading={change.isPending}
        onOk={() => form.submit()}
        onCancel={() => setEditing(false)}
        destroyOnHidden
      >
        <Form<SettingsValues>
          form={form}
          layout="vertical"
          name="round-settings"
          onFinish={(v) => void save(v)}
        >
          <RoundSettingsFields />
          {problem && <Alert type="error" showIcon title={problem} />}
        </Form>
      </Modal>
    </Card>
  );
}

/** The audit of the round's changes: who changed what, paused or resumed, when. */
function ChangesTable({
  changes,
  loading,
  calendar,
}: {
  changes: RoundChange[];
  loading: boolean;
  /** How the round counts days now; a change that set the calendar is read by its own. */
  calendar: CalendarMode;
}) {
  const w = useRoundText();
  const labels = useLabels();
  const { locale } = useLocale();
  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 15, margin: '8px 0 0' }}>
        {w.changes}
      </Typography.Title>
      <Table<RoundChange>
        size="small"
        rowKey={(c) => `${c.at}-${c.kind}`}
        loading={loading}
        dataSource={changes}
        pagination={false}
        // Body text, not antd's pale placeholder grey (1.8:1 on white fails WCAG AA).
        locale={{ emptyText: <Typography.Text>{w.noChanges}</Typography.Text> }}
        data-testid="round-changes"
        columns={[
          { key: 'at', title: w.changeAt, render: (_, c) => formatBeijing(c.at), width: 150 },
          {
            key: 'kind',
            title: w.changeKindTitle,
            render: (_, c) => w.changeKind[c.kind] ?? c.kind,
            width: 110,
          },
          { key: 'by', title: w.changeBy, render: (_, c) => c.principalName ?? '—', width: 140 },
          {
            key: 'what',
            title: w.changeWhat,
            render: (_, c) =>
              c.change
                ? settingsLines(
                    c.change,
                    w,
                    labels,
                    locale,
                    c.change.calendar === 'cn-workdays' || c.change.calendar === 'calendar'
                      ? c.change.calendar
                      : calendar,
                  )
                    .map(([label, value]) => `${label}：${value}`)
                    .join('；')
                : '—',
          },
        ]}
      />
    </>
  );
}
