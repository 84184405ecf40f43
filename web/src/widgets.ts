import { h } from './dom';
import { lang, setLang, t } from './i18n';

export function langToggle(): HTMLButtonElement {
    return h(
        'button',
        {
            type: 'button',
            class: 'lang-toggle',
            'data-testid': 'lang-toggle',
            'aria-label': t('lang.switch.label'),
            lang: lang() === 'en' ? 'zh-CN' : 'en',
            onclick: () => setLang(lang() === 'en' ? 'zh-CN' : 'en'),
        },
        t('lang.switch'),
    );
}

/** A definition list row: label and value. */
export function row(label: string, value: Node | string, testid?: string): HTMLElement[] {
    return [h('dt', null, label), h('dd', { 'data-testid': testid ?? null }, value)];
}

export function errorBox(message: string, detail?: string | null): HTMLElement {
    return h('div', { class: 'alert error', role: 'alert' }, message, detail ? h('div', { class: 'small' }, detail) : null);
}

export function loading(): HTMLElement {
    return h('p', { class: 'muted loading' }, t('common.loading'));
}
