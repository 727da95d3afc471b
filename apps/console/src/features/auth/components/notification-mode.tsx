import { BellOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Tooltip } from 'antd';
import { useSetNotificationMode, type NotificationMode } from '../api/preferences';
import type { SessionPrincipal } from '../api/session';
import { usePreferenceText } from '../lib/text';

/** The menu's keys: the API's modes, and `round` for null (follow each round's setting). */
type Key = 'digest' | 'immediate' | 'round';
const toMode = (key: Key): NotificationMode => (key === 'round' ? null : key);

/**
 * "通知方式" in the header: daily digests, immediate emails, or as each round says. The person's
 * choice overrides the round's; it is theirs alone.
 */
export function NotificationModeMenu({
  principal,
  compact,
}: {
  principal: SessionPrincipal;
  compact: boolean;
}) {
  const w = usePreferenceText();
  const { message } = App.useApp();
  const set = useSetNotificationMode();
  const current: Key = principal.notificationMode ?? 'round';
  const keys: Key[] = ['digest', 'immediate', 'round'];
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: [
          {
            key: 'hint',
            type: 'group',
            label: w.modeHint,
            children: keys.map((key) => ({ key, label: w.modes[key] })),
          },
        ],
        onClick: ({ key }) => {
          if (key === current) return;
          set.mutate(toMode(key as Key), {
            onSuccess: () => void message.success(w.saved),
            onError: () => void message.error(w.failed),
          });
        },
      }}
    >
      <Tooltip title={compact ? `${w.notificationMode}：${w.modes[current]}` : undefined}>
        <Button
          type="text"
          icon={<BellOutlined />}
          loading={set.isPending}
          aria-label={`${w.notificationMode}：${w.modes[current]}`}
          data-testid="notification-mode"
        >
          {compact ? null : w.notificationMode}
        </Button>
      </Tooltip>
    </Dropdown>
  );
}
