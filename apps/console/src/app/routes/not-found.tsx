import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useT } from '../../lib/text';

export function Component() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t.notFound}
      extra={
        <Link to="/inbox">
          <Button type="primary">{t.backHome}</Button>
        </Link>
      }
    />
  );
}
