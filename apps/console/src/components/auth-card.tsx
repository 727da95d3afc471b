import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../lib/text';
import { LanguageSwitch } from './language-switch';

/** The frame of the pages before signing in: product name, language, one card. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  const t = useT();
  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', padding: '48px 16px', background: '#f5f5f5' }}>
      <Flex justify="flex-end" style={{ width: '100%', maxWidth: 420 }}>
        <LanguageSwitch />
      </Flex>
      <main style={{ width: '100%', maxWidth: 420 }}>
        <Typography.Paragraph strong style={{ textAlign: 'center', fontSize: 16 }}>
          {t.productShort} · {t.product}
        </Typography.Paragraph>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
            {title}
          </Typography.Title>
          {children}
        </Card>
      </main>
    </Flex>
  );
}
