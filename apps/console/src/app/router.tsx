import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';

/**
 * Pages load by route: the inbox does not carry the journey page's forms. Pages for people signed in
 * sit under the shell (routes/shell.tsx: session gate and layout); the sign-in pages do not.
 */
const router = createBrowserRouter(
  [
    { path: '/login', lazy: () => import('./routes/login') },
    { path: '/invitation/:token', lazy: () => import('./routes/invitation') },
    { path: '/password-reset', lazy: () => import('./routes/password-reset') },
    { path: '/password-reset/:token', lazy: () => import('./routes/password-reset-token') },
    {
      lazy: () => import('./routes/shell'),
      children: [
        { path: '/', element: <Navigate to="/inbox" replace /> },
        { path: '/inbox', lazy: () => import('./routes/inbox') },
        { path: '/journeys/:id', lazy: () => import('./routes/journey') },
        { path: '/rounds', lazy: () => import('./routes/rounds') },
        { path: '/rounds/new', lazy: () => import('./routes/round-new') },
        { path: '/rounds/:id', lazy: () => import('./routes/round') },
        { path: '/rounds/:id/import', lazy: () => import('./routes/round-import') },
        { path: '/rounds/:id/journeys', lazy: () => import('./routes/round-journeys') },
        { path: '/batches/:id', lazy: () => import('./routes/batch') },
        { path: '/escalations', lazy: () => import('./routes/escalations') },
        { path: '/reports', lazy: () => import('./routes/reports') },
        { path: '/admin/stuck-work', lazy: () => import('./routes/admin-stuck-work') },
        { path: '/admin/principals', lazy: () => import('./routes/admin-principals') },
        {
          path: '/admin/certification-bodies',
          lazy: () => import('./routes/admin-certification-bodies'),
        },
        { path: '/admin/audit', lazy: () => import('./routes/admin-audit') },
        { path: '*', lazy: () => import('./routes/not-found') },
      ],
    },
  ],
  { basename: '/console' },
);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
