// TODO: the page is being built; this placeholder keeps the route compiling.
export function ReportPage() {
  return <div className="app" />;
}
