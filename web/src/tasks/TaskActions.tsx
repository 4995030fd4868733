import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { ACT_ON_TASK_MUTATION, type TaskAction, type TaskSummary } from '../graphql/events.js';
import { useErrorDetail } from '../useSituationData.js';

/** Actions that record a reason or feedback; the server rejects them without a note of 2–2000 characters. */
export const NOTE_ACTIONS: readonly TaskAction[] = ['RESOLVE', 'RETURN', 'TRANSFER', 'ESCALATE', 'REOPEN'];
const MIN_NOTE = 2;
const MAX_NOTE = 2000;

export interface TaskActionsProps {
  task: TaskSummary;
  /** Step keys of the event's responsibility rule, offered as TRANSFER targets. */
  steps: string[];
  onDone(): void;
}

/** Note form of an action that needs one, with the target step of a transfer. */
function NoteForm(props: {
  action: TaskAction;
  steps: string[];
  busy: boolean;
  onSubmit(note: string, toStep: string | null): void;
  onCancel(): void;
}) {
  const { t } = useTranslation('events');
  const [note, setNote] = useState('');
  const [step, setStep] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = note.trim();
    if (trimmed.length < MIN_NOTE || trimmed.length > MAX_NOTE) {
      setInvalid(true);
      return;
    }
    props.onSubmit(trimmed, step === '' ? null : step);
  };
  return (
    <form className="note-form" onSubmit={submit} noValidate>
      <label>
        {t(`actions.noteLabel.${props.action}`, { defaultValue: t('actions.note') })}
        <textarea
          value={note}
          rows={3}
          maxLength={MAX_NOTE}
          onChange={(e) => setNote(e.target.value)}
          data-testid="action-note"
        />
      </label>
      {props.action === 'TRANSFER' && (
        <label>
          {t('actions.toStep')}
          <select value={step} onChange={(e) => setStep(e.target.value)} data-testid="action-step">
            <option value="">{t('actions.byRule')}</option>
            {props.steps.map((key) => (
              <option key={key} value={key}>
                {t(`session:user.department.${key}`, { defaultValue: key })}
              </option>
            ))}
          </select>
        </label>
      )}
      {invalid && (
        <p className="notice error" role="alert">
          {t('actions.noteRequired', { min: MIN_NOTE, max: MAX_NOTE })}
        </p>
      )}
      <div className="action-buttons">
        <button type="submit" className="primary" disabled={props.busy} data-testid="action-confirm">
          {t(`action.${props.action}`)}
        </button>
        <button type="button" onClick={props.onCancel} disabled={props.busy}>
          {t('actions.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Buttons for the actions the server allows the user on a task; a note form opens for those that need one. */
export function TaskActions({ task, steps, onDone }: TaskActionsProps) {
  const { t } = useTranslation('events');
  const errorDetail = useErrorDetail();
  const [{ fetching }, actOnTask] = useMutation(ACT_ON_TASK_MUTATION);
  const [noteFor, setNoteFor] = useState<TaskAction | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async (action: TaskAction, note: string | null = null, toStep: string | null = null) => {
    setFailure(null);
    const result = await actOnTask({ input: { taskId: task.id, action, note, toStep } });
    if (result.error) {
      setFailure(errorDetail(result.error));
      return;
    }
    setNoteFor(null);
    onDone();
  };

  if (task.allowedActions.length === 0) return null;
  return (
    <div className="task-actions" data-testid={`task-actions-${task.id}`}>
      {noteFor ? (
        <NoteForm
          action={noteFor}
          steps={steps}
          busy={fetching}
          onSubmit={(note, toStep) => void run(noteFor, note, toStep)}
          onCancel={() => setNoteFor(null)}
        />
      ) : (
        <div className="action-buttons">
          {task.allowedActions.map((action) => (
            <button
              key={action}
              type="button"
              disabled={fetching}
              onClick={() => (NOTE_ACTIONS.includes(action) ? setNoteFor(action) : void run(action))}
              data-testid={`action-${action}`}
            >
              {t(`action.${action}`)}
            </button>
          ))}
        </div>
      )}
      {failure && (
        <p className="notice error" role="alert" data-testid="action-error">
          {failure}
        </p>
      )}
    </div>
  );
}
