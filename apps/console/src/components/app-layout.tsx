import { InboxOutlined, LogoutOutlined, ProjectOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Flex, Grid, Layout, Menu, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useSignOut, type SessionPrincipal } from '../features/auth/api/session';
import { useStuckWorkText } from '../features/stuck-work/lib/text';
import { useLabels } from '../lib/labels';
import { useT } from '../lib/text';
import { LanguageSwitch } from './language-switch';

/** What each role finds in the navigation. */
function navigation(
  principal: SessionPrincipal,
  t: ReturnType<typeof useT>,
  stuck: ReturnType<typeof useStuckWorkText>,
) {
  const items = [{ key: '/inbox', icon: <InboxOutlined />, label: <Link to="/inbox">{t.inbox}</Link> }];
  if (principal.role === 'regulator' || principal.role === 'admin')
    items.push({ key: '/rounds', icon: <ProjectOutlined />, label: <Link to="/rounds">{t.rounds}</Link> });
  if (principal.role === 'admin')
    items.push({
      key: '/admin/stuck-work',
      icon: <WarningOutlined />,
      label: <Link to="/admin/stuck-work">{stuck.nav}</Link>,
    });
  return items;
}

/**
 * The console's frame: product name, who is signed in (name, role, body), language, sign-out, and
 * the navigation their role allows. Pages render inside it; it fits a 390 px wide phone.
 */
export function AppLayout({ principal, children }: { principal: SessionPrincipal; children: ReactNode }) {
  const t = useT();
  const labels = useLabels();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const { token } = theme.useToken();
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const stuckText = useStuckWorkText();
  const items = navigation(principal, t, stuckText);
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key;
  const who = [principal.name, labels.role(principal.role), principal.certificationBodyName]
    .filter(Boolean)
    .join(' · ');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: narrow ? 12 : 24,
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        <Link to="/inbox" style={{ color: token.colorText, whiteSpace: 'nowrap', fontWeight: 600 }}>
          {narrow ? t.productShort : `${t.productShort} · ${t.product}`}
        </Link>
        <Menu
          mode="horizontal"
          selectedKeys={selected ? [selected] : []}
          items={items}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none' }}
          aria-label={t.inbox}
        />
        <Flex align="center" gap={narrow ? 0 : 8} style={{ flexShrink: 0 }}>
          {!narrow && (
            <Typography.Text type="secondary" data-testid="who">
              {who}
            </Typography.Text>
          )}
          <LanguageSwitch />
          <Button
            type="text"
            icon={<LogoutOutlined />}
            aria-label={t.signOut}
            loading={signOut.isPending}
            onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/login') })}
          >
            {narrow ? null : t.signOut}
          </Button>
        </Flex>
      </Layout.Header>
      {narrow && (
        <Typography.Text type="secondary" style={{ padding: '8px 12px 0' }} data-testid="who">
          {who}
        </Typography.Text>
      )}
      <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
        <main>{children}</main>
      </Layout.Content>
    </Layout>
  );
}
