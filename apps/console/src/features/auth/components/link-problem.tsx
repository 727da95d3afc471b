import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { isApiError } from '../../../lib/http';
import { useT } from '../../../lib/text';

/** An invitation or reset link that cannot be used: unknown/used (404), expired (410), or down. */
export function LinkProblem({ error }: { error: Error }) {
  const t = useT();
  const expired = isApiError(error, 410);
  const unknown = isApiError(error, 404);
  return (
    <Result
      status={expired || unknown ? 'warning' : 'error'}
      title={expired ? t.linkExpired : unknown ? t.linkUnknown : t.loadFailed}
      subTitle={expired ? t.linkExpiredHint : unknown ? t.linkUnknownHint : error.message}
      extra={
        <Link to="/login">
          <Button>{t.backToLogin}</Button>
        </Link>
      }
    />
  );
}
