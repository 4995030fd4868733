// TODO: the page is being built; this placeholder keeps the route compiling.
export function AssessmentPage() {
  return <div className="app" />;
}
