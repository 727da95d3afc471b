/** Placeholder until its feature lands. */
export function Component() {
  return <main>invitation</main>;
}
