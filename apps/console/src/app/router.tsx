import { createBrowserRouter, RouterProvider } from 'react-router';

/** Pages load by route: the inbox does not carry the journey page's forms. */
const router = createBrowserRouter(
  [
    { path: '/', lazy: () => import('./routes/home') },
    { path: '/login', lazy: () => import('./routes/login') },
    { path: '/invitation/:token', lazy: () => import('./routes/invitation') },
    { path: '/inbox', lazy: () => import('./routes/inbox') },
    { path: '/journeys/:id', lazy: () => import('./routes/journey') },
    { path: '/rounds', lazy: () => import('./routes/rounds') },
    { path: '/rounds/:id', lazy: () => import('./routes/round') },
    { path: '*', lazy: () => import('./routes/not-found') },
  ],
  { basename: '/console' },
);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
