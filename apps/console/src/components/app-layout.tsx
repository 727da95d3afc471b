import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  InboxOutlined,
  LogoutOutlined,
  ProjectOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Flex, Grid, Layout, Menu, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useSignOut, type SessionPrincipal } from '../features/auth/api/session';
import { NotificationModeMenu } from '../features/auth/components/notification-mode';
import { useAuditText } from '../features/audit/lib/text';
import { useCertificationBodiesText } from '../features/certification-bodies/lib/text';
import { usePrincipalsText } from '../features/principals/lib/text';
import { reportsText } from '../features/reports/lib/text';
import { useStuckWorkText } from '../features/stuck-work/lib/text';
import { tableText } from '../features/journeys-table/lib/text';
import { useLocale } from '../lib/i18n';
import { useLabels } from '../lib/labels';
import { useT } from '../lib/text';
import { LanguageSwitch } from './language-switch';

/** What each role finds in the navigation. */
function navigation(
  principal: SessionPrincipal,
  t: ReturnType<typeof useT>,
  stuck: ReturnType<typeof useStuckWorkText>,
  escalations: string,
  reports: string,
  admin: { principals: string; bodies: string; audit: string },
) {
  const items = [{ key: '/inbox', icon: <InboxOutlined />, label: <Link to="/inbox">{t.inbox}</Link> }];
  if (principal.role === 'regulator' || principal.role === 'admin')
    items.push({ key: '/rounds', icon: <ProjectOutlined />, label: <Link to="/rounds">{t.rounds}</Link> });
  if (principal.role === 'regulator' || principal.role === 'admin')
    items.push({
      key: '/escalations',
      icon: <AlertOutlined />,
      label: <Link to="/escalations">{escalations}</Link>,
    });
  if (principal.role === 'regulator' || principal.role === 'admin')
    items.push({
      key: '/reports',
      icon: <BarChartOutlined />,
      label: <Link to="/reports">{reports}</Link>,
    });
  if (principal.role === 'admin')
    items.push({
      key: '/admin/stuck-work',
      icon: <WarningOutlined />,
      label: <Link to="/admin/stuck-work">{stuck.nav}</Link>,
    });
  if (principal.role === 'admin')
    items.push(
      {
        key: '/admin/principals',
        icon: <TeamOutlined />,
        label: <Link to="/admin/principals">{admin.principals}</Link>,
      },
      {
        key: '/admin/certification-bodies',
        icon: <BankOutlined />,
        label: <Link to="/admin/certification-bodies">{admin.bodies}</Link>,
      },
      { key: '/admin/audit', icon: <AuditOutlined />, label: <Link to="/admin/audit">{admin.audit}</Link> },
    );
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
  const { locale } = useLocale();
  const adminNav = {
    principals: usePrincipalsText().nav,
    bodies: useCertificationBodiesText().nav,
    audit: useAuditText().nav,
  };
  const items = navigation(
    principal,
    t,
    stuckText,
    tableText(locale).escalationsNav,
    reportsText(locale).nav,
    adminNav,
  );
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key;
  // On a phone the navigation gets a row of its own that scrolls sideways: antd's overflow menu hides
  // items with aria-hidden while their links stay focusable (axe: aria-hidden-focus).
  const menu = (
    <Menu
      mode="horizontal"
      selectedKeys={selected ? [selected] : []}
      items={items}
      disabledOverflow={narrow}
      style={
        narrow
          ? { borderBottom: 'none', minWidth: 'max-content' }
          : { flex: 1, minWidth: 0, borderBottom: 'none' }
      }
      aria-label={t.inbox}
    />
  );
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
          {/* The campaign's full name only where the navigation still has room beside it. */}
          {screens.xxl ? `${t.productShort} · ${t.product}` : t.productShort}
        </Link>
        {narrow ? <div style={{ flex: 1 }} /> : menu}
        <Flex align="center" gap={narrow ? 0 : 8} style={{ flexShrink: 0 }}>
          {!narrow && (
            <Typography.Text type="secondary" data-testid="who">
              {who}
            </Typography.Text>
          )}
          {/* Its words only on the widest screens, for the same reason. */}
          <NotificationModeMenu principal={principal} compact={!screens.xxl} />
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
        <div
          style={{
            overflowX: 'auto',
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          {menu}
        </div>
      )}
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
