export interface PanelMessage {
  kind: 'error' | 'info';
  text: string;
}

/** Shows the outcome of the last action in a panel. Screen readers announce errors as alerts and the rest as status. */
export function Message({ message, testId }: { message: PanelMessage | null; testId: string }) {
  if (!message) return null;
  return (
    <p className={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {message.text}
    </p>
  );
}
