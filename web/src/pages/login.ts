import { api, ApiError } from '../api';
import { h } from '../dom';
import { t } from '../i18n';
import { state } from '../state';
import { langToggle } from '../widgets';

export function loginPage(onSuccess: () => void): HTMLElement {
    const error = h('div', { class: 'alert error', role: 'alert', 'data-testid': 'login-error', hidden: true });
    const login = h('input', { id: 'login', name: 'login', autocomplete: 'username', required: true, autofocus: true, spellcheck: 'false', autocapitalize: 'none' });
    const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const submit = h('button', { type: 'submit', class: 'btn-primary' }, t('login.submit'));

    const form = h(
        'form',
        {
            class: 'login-form',
            novalidate: true,
            onsubmit: async (event: Event) => {
                event.preventDefault();
                error.hidden = true;
                if (!login.value.trim() || !password.value) {
                    error.textContent = t('login.bad');
                    error.hidden = false;
                    return;
                }
                submit.disabled = true;
                submit.textContent = t('login.busy');
                try {
                    state.session = await api.login(login.value.trim(), password.value);
                    onSuccess();
                } catch (e) {
                    let message: string;
                    if (e instanceof ApiError && e.status === 401) message = t('login.bad');
                    else if (e instanceof ApiError && e.status === 429) message = `${t('login.limited')} ${e.message}`;
                    else if (e instanceof ApiError && e.status === 0) message = t('common.network');
                    else message = e instanceof Error ? e.message : String(e);
                    error.textContent = message;
                    error.hidden = false;
                    password.value = '';
                    password.focus();
                } finally {
                    submit.disabled = false;
                    submit.textContent = t('login.submit');
                }
            },
        },
        h('label', { for: 'login' }, t('login.login')),
        login,
        h('label', { for: 'password' }, t('login.password')),
        password,
        error,
        submit,
    );

    return h(
        'div',
        { class: 'login-page' },
        h('div', { class: 'login-lang' }, langToggle()),
        h(
            'div',
            { class: 'login-card' },
            h(
                'div',
                { class: 'login-brand' },
                h('img', { src: '/favicon.svg', alt: '', width: 44, height: 44 }),
                h('div', null, h('div', { class: 'brand-title' }, t('app.name')), h('div', { class: 'brand-sub' }, t('app.tagline'))),
            ),
            h('h1', null, t('login.title')),
            form,
            h('p', { class: 'muted small' }, t('login.demo').split('`').map((part, i) => (i % 2 ? h('code', null, part) : part))),
        ),
    );
}
