// TODO: the page is being built; this placeholder keeps the route compiling.
export function DutiesPage() {
  return <div className="app" />;
}
