import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { assessmentEn } from './assessment.en.js';
import { assessmentZhCN } from './assessment.zh-CN.js';
import { en } from './en.js';
import { eventsEn } from './events.en.js';
import { eventsZhCN } from './events.zh-CN.js';
import { sessionEn } from './session.en.js';
import { sessionZhCN } from './session.zh-CN.js';
import { workbenchEn } from './workbench.en.js';
import { workbenchZhCN } from './workbench.zh-CN.js';
import { zhCN } from './zh-CN.js';

export type { Messages } from './zh-CN.js';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'lianfang.language';

function isLanguage(value: unknown): value is Language {
  return LANGUAGES.includes(value as Language);
}

/** Reads the remembered language; storage may be unavailable (private mode, blocked cookies). */
function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Switches the UI language, remembers it and updates the document's `lang` and title. */
export async function changeLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Without storage the choice lasts until the page is reloaded.
  }
}

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
  document.title = i18next.t('app.title');
});

/** Initialises i18next synchronously with bundled resources, so nothing is fetched at run time. */
export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: {
      'zh-CN': {
        translation: zhCN,
        workbench: workbenchZhCN,
        session: sessionZhCN,
        events: eventsZhCN,
        assessment: assessmentZhCN,
      },
      en: { translation: en, workbench: workbenchEn, session: sessionEn, events: eventsEn, assessment: assessmentEn },
    },
    lng: storedLanguage(),
    fallbackLng: 'zh-CN',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}
