import { Alert, Button, Flex } from 'antd';

/** What a step form ends with: the problem no field shows, and its one button (off while sending). */
export function FormFooter({
  error,
  pending,
  label,
}: {
  error: string | null;
  pending: boolean;
  label: string;
}) {
  return (
    <Flex vertical gap="middle">
      {error && <Alert type="error" showIcon title={error} role="alert" />}
      <div>
        <Button type="primary" htmlType="submit" loading={pending} disabled={pending}>
          {label}
        </Button>
      </div>
    </Flex>
  );
}
