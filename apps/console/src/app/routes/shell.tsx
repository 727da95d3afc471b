import { Outlet } from 'react-router';
import { AppLayout, RequireSession } from '../../components';

/** Every page for people signed in: gated by the session, inside the console's frame. */
export function Component() {
  return (
    <RequireSession>
      {(principal) => (
        <AppLayout principal={principal}>
          <Outlet context={principal} />
        </AppLayout>
      )}
    </RequireSession>
  );
}
