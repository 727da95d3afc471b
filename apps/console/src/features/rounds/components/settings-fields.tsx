import { Button, Card, Checkbox, Form, InputNumber, Radio, Select, Space } from 'antd';
import { useLabels } from '../../../lib/labels';
import { useWorkCalendar } from '../api/get-calendar';
import { CLOCK_TIMES, DEADLINE_STEPS } from '../lib/durations';
import { deadlineLabel } from '../lib/settings-words';
import { useRoundText } from '../lib/text';
import { DurationInput, durationRule } from './duration-input';

/** The form field an API `details[].field` names (`settings.deadlines.screening`, `name`…). */
export function settingsFormPath(field: string): (string | number)[] | null {
  const parts = field.replace(/^settings\./, '').split('.');
  if (parts[0] === 'name' || parts[0] === 'regionCode') return [parts[0]];
  if (parts[0] === 'deadlines' && parts[1]) return ['deadlines', parts[1]];
  if (parts[0] === 'evaluationOffsets' && parts[1]) return ['evaluationOffsets', Number(parts[1])];
  if (parts[0] === 'evaluationOffsets') return ['evaluationOffsets', 0];
  if (parts[0] === 'reminders' && parts[1] === 'every') return ['reminderEvery'];
  if (parts[0] === 'reminders' && parts[1] === 'max') return ['reminderMax'];
  if (parts[0] === 'escalateAfter') return ['escalateAfter'];
  if (parts[0] === 'calendar') return ['calendar'];
  if (parts[0] === 'workingHours') return [parts[1] === 'to' ? 'workTo' : 'workFrom'];
  if (parts[0] === 'digest') return ['digestAt'];
  return null;
}

const clockOptions = CLOCK_TIMES.map((t) => ({ value: t, label: t }));

/**
 * A round's settings as form fields (inside a Form of `SettingsValues`): deadlines, follow-up
 * evaluations, reminders and escalation, and how people are told (calendar, working hours, digest).
 * The new-round form and the round page's "修改设置" share it.
 */
export function RoundSettingsFields() {
  const w = useRoundText();
  const labels = useLabels();
  const durationMessage = w.durationRequired;
  const form = Form.useFormInstance();
  const workingHoursOn = Form.useWatch('workingHoursOn', form) as boolean | undefined;
  const digestOn = Form.useWatch('digestOn', form) as boolean | undefined;
  const calendar = useWorkCalendar().data;
  const years = calendar ? `${calendar.firstYear}–${calendar.lastYear}` : '…';
  return (
    <>
      <Card
        size="small"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{w.deadlines}</h2>}
        style={{ marginBottom: 16 }}
      >
        <Space wrap size={[24, 0]}>
          {DEADLINE_STEPS.map((step) => {
            const label = deadlineLabel(step, labels);
            return (
              <Form.Item
                key={step}
                name={['deadlines', step]}
                label={label}
                rules={[durationRule(durationMessage)]}
              >
                <DurationInput label={label} />
              </Form.Item>
            );
          })}
        </Space>
      </Card>
      <Card
        size="small"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{w.evaluationOffsets}</h2>}
        style={{ marginBottom: 16 }}
      >
        <Form.List name="evaluationOffsets">
          {(fields, { add, remove }) => (
            <Space wrap size={[24, 0]} align="end">
              {fields.map((field, i) => (
                <Space key={field.key} align="end">
                  <Form.Item
                    name={field.name}
                    label={w.evaluationN(i + 1)}
                    rules={[durationRule(durationMessage)]}
                  >
                    <DurationInput label={w.evaluationN(i + 1)} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Form.Item>
                      <Button
                        onClick={() => remove(field.name)}
                        aria-label={`${w.remove} ${w.evaluationN(i + 1)}`}
                      >
                        {w.remove}
                      </Button>
                    </Form.Item>
                  )}
                </Space>
              ))}
              {fields.length < 12 && (
                <Form.Item>
                  <Button onClick={() => add({ value: 90, unit: 'days' })}>{w.addOffset}</Button>
                </Form.Item>
              )}
            </Space>
          )}
        </Form.List>
      </Card>
      <Card
        size="small"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{w.reminders}</h2>}
        style={{ marginBottom: 16 }}
      >
        <Space wrap size={[24, 0]}>
          <Form.Item name="reminderEvery" label={w.reminderEvery} rules={[durationRule(durationMessage)]}>
            <DurationInput label={w.reminderEvery} />
          </Form.Item>
          <Form.Item
            name="reminderMax"
            label={w.reminderMax}
            rules={[{ required: true, type: 'integer', min: 0, max: 20, message: '0–20' }]}
          >
            <InputNumber min={0} max={20} precision={0} addonAfter={w.reminderMaxUnit} />
          </Form.Item>
          <Form.Item name="escalateAfter" label={w.escalateAfter} rules={[durationRule(durationMessage)]}>
            <DurationInput label={w.escalateAfter} />
          </Form.Item>
        </Space>
      </Card>
      <Card
        size="small"
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{w.notifications}</h2>}
        style={{ marginBottom: 16 }}
      >
        <Form.Item name="calendar" label={w.calendar} extra={w.calendarHint(years)}>
          <Radio.Group
            options={[
              { value: 'calendar', label: w.calendarDays },
              { value: 'cn-workdays', label: w.calendarWorkdays },
            ]}
          />
        </Form.Item>
        <Space wrap align="end" size={[16, 0]}>
          <Form.Item name="workingHoursOn" valuePropName="checked">
            <Checkbox>{w.workingHoursOn}</Checkbox>
          </Form.Item>
          <Form.Item name="workFrom" label={w.workFrom}>
            <Select
              options={clockOptions}
              disabled={!workingHoursOn}
              style={{ width: 110 }}
              aria-label={w.workFrom}
            />
          </Form.Item>
          <Form.Item
            name="workTo"
            label={w.workTo}
            dependencies={['workFrom', 'workingHoursOn']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_: unknown, to?: string) => {
                  if (getFieldValue('workingHoursOn') && to && to <= (getFieldValue('workFrom') as string))
                    throw new Error(w.workToAfterFrom);
                },
              }),
            ]}
          >
            <Select
              options={clockOptions}
              disabled={!workingHoursOn}
              style={{ width: 110 }}
              aria-label={w.workTo}
            />
          </Form.Item>
        </Space>
        <Space wrap align="end" size={[16, 0]}>
          <Form.Item name="digestOn" valuePropName="checked" extra={w.digestHint}>
            <Checkbox>{w.digestOn}</Checkbox>
          </Form.Item>
          <Form.Item name="digestAt" label={w.digestAt}>
            <Select
              options={clockOptions}
              disabled={!digestOn}
              style={{ width: 110 }}
              aria-label={w.digestAt}
            />
          </Form.Item>
        </Space>
      </Card>
    </>
  );
}
