import './Header.css';
import { useTranslation } from 'react-i18next';
import { changeLanguage, LANGUAGES, type Language } from '../i18n/index.js';

/** Language names are written in their own language, so each stays readable whatever the current one is. */
const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

export type Page = 'map' | 'workbench';

/**
 * The pages and their paths. The links are plain anchors: each page loads as its own document, so the map never
 * loads the workbench's code and each page gets the content security policy the gateway sets for its path.
 */
const PAGES: { page: Page; path: string; label: string }[] = [
  { page: 'map', path: '/', label: 'nav.map' },
  { page: 'workbench', path: '/workbench', label: 'nav.workbench' },
];

export function Header({ page = 'map' }: { page?: Page }) {
  const { t, i18n } = useTranslation();
  return (
    <header className="header">
      <h1>{page === 'map' ? t('app.title') : t('workbench:title')}</h1>
      <nav className="page-nav" aria-label={t('workbench:nav.label')}>
        {PAGES.map((entry) => (
          <a key={entry.page} href={entry.path} aria-current={entry.page === page ? 'page' : undefined}>
            {t(`workbench:${entry.label}`)}
          </a>
        ))}
      </nav>
      <fieldset className="language-switch" aria-label={t('app.language')}>
        {LANGUAGES.map((language) => (
          <button
            key={language}
            type="button"
            lang={language}
            aria-pressed={i18n.resolvedLanguage === language}
            onClick={() => void changeLanguage(language)}
          >
            {LANGUAGE_NAMES[language]}
          </button>
        ))}
      </fieldset>
    </header>
  );
}
