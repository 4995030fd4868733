import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentMode } from '../map/SituationMap.js';
import { PRESET_TICK } from '../selection.js';
import {
  checkCustomWindow,
  fromShanghaiInputValue,
  playStep,
  presetWindow,
  SLIDER_SPAN,
  type TimeWindow,
  toShanghaiInputValue,
  WINDOW_KINDS,
  windowEndingAt,
} from '../timeWindow.js';

/** Time between two steps while the window plays forward, in milliseconds. */
export const PLAY_INTERVAL = 1200;

export interface TimeControlsProps {
  window: TimeWindow;
  mode: IncidentMode;
  onWindow(window: TimeWindow): void;
  onMode(mode: IncidentMode): void;
}

/** Inputs of a custom period in Beijing time, applied when both are valid. */
function CustomRange({ window, onWindow }: Pick<TimeControlsProps, 'window' | 'onWindow'>) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(toShanghaiInputValue(window.from));
  const [to, setTo] = useState(toShanghaiInputValue(window.to));
  useEffect(() => {
    setFrom(toShanghaiInputValue(window.from));
    setTo(toShanghaiInputValue(window.to));
  }, [window]);
  const problem = checkCustomWindow(fromShanghaiInputValue(from), fromShanghaiInputValue(to));

  return (
    <form
      className="custom-range"
      onSubmit={(event) => {
        event.preventDefault();
        if (problem) return;
        onWindow({ kind: 'custom', from: fromShanghaiInputValue(from), to: fromShanghaiInputValue(to) });
      }}
    >
      <label>
        {t('time.from')}
        <input type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} />
      </label>
      <label>
        {t('time.to')}
        <input type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} />
      </label>
      {problem && <p className="notice error">{t(problem)}</p>}
      <button type="submit" disabled={problem !== null}>
        {t('time.apply')}
      </button>
    </form>
  );
}

/**
 * Period and drawing mode of the incident layer: presets (24 hours, 7 and 30 days) and a custom period. A slider
 * over the last 90 days moves the window's end, and a button plays the window forward step by step.
 */
export function TimeControls(props: TimeControlsProps) {
  const { t } = useTranslation();
  const { window, onWindow } = props;
  const [playing, setPlaying] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), PRESET_TICK);
    return () => clearInterval(timer);
  }, []);
  const sliderMin = now - SLIDER_SPAN;
  const step = playStep(window);

  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => {
      const next = Math.min(now, window.to.getTime() + step);
      onWindow(windowEndingAt({ ...window, kind: 'custom' }, new Date(next)));
      if (next >= now) setPlaying(false);
    }, PLAY_INTERVAL);
    return () => clearTimeout(timer);
  }, [playing, window, now, step, onWindow]);

  const play = () => {
    // Playing from the present would end at once, so it starts from the beginning of the slider instead.
    if (window.to.getTime() + step > now) {
      const length = window.to.getTime() - window.from.getTime();
      onWindow(windowEndingAt({ ...window, kind: 'custom' }, new Date(sliderMin + length)));
    }
    setPlaying(true);
  };

  return (
    <section className="time-controls" aria-label={t('time.heading')}>
      <h2>{t('time.heading')}</h2>
      <fieldset className="segmented">
        {WINDOW_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            aria-pressed={window.kind === kind}
            data-testid={`window-${kind}`}
            onClick={() => {
              setPlaying(false);
              onWindow(kind === 'custom' ? { ...window, kind } : presetWindow(kind, new Date()));
            }}
          >
            {t(`time.${kind}`)}
          </button>
        ))}
      </fieldset>
      <div className="slider">
        <button
          type="button"
          onClick={() => (playing ? setPlaying(false) : play())}
          data-testid="play"
          aria-pressed={playing}
        >
          {playing ? t('time.pause') : t('time.play')}
        </button>
        <input
          type="range"
          min={sliderMin}
          max={now}
          step={step}
          value={Math.max(sliderMin, Math.min(now, window.to.getTime()))}
          aria-label={t('time.slider')}
          data-testid="time-slider"
          onChange={(event) => {
            setPlaying(false);
            onWindow(windowEndingAt({ ...window, kind: 'custom' }, new Date(Number(event.target.value))));
          }}
        />
      </div>
      {window.kind === 'custom' && <CustomRange window={window} onWindow={onWindow} />}
      <fieldset className="segmented">
        {(['points', 'heatmap'] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            aria-pressed={props.mode === mode}
            data-testid={`mode-${mode}`}
            onClick={() => props.onMode(mode)}
          >
            {t(`time.${mode}`)}
          </button>
        ))}
      </fieldset>
    </section>
  );
}
