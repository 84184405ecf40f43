import { api, ApiError, type Token, type User } from '../api';
import { dateTime, h } from '../dom';
import { t, tCode } from '../i18n';
import { state } from '../state';
import { errorBox, loading } from '../widgets';

// The secret of a token just created: shown once, kept only while the page stays open.
let secret: { name: string; value: string } | null = null;
let notice: string | null = null;

export function forgetSecret(): void {
    secret = null;
    notice = null;
}

function message(e: unknown): string {
    if (e instanceof ApiError) return e.status === 0 ? t('common.network') : e.message + (e.field ? ` (${e.field})` : '');
    return e instanceof Error ? e.message : String(e);
}

async function copy(text: string): Promise<boolean> {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        // clipboard API needs a secure context; fall back to a hidden text area
        const area = h('textarea', { class: 'offscreen', readonly: true }, text);
        document.body.appendChild(area);
        area.select();
        const ok = document.execCommand('copy');
        area.remove();
        return ok;
    }
}

export function accountPage(): HTMLElement {
    const session = state.session!;
    const isAdmin = session.user.role === 'admin';
    const usersBody = h('div', { 'data-testid': 'users' }, loading());
    const tokensBody = h('div', { 'data-testid': 'tokens' }, loading());
    const secretSlot = h('div');
    const userNotice = h('div', { role: 'status' });

    const loadUsers = async () => {
        try {
            const { users } = await api.users();
            usersBody.replaceChildren(usersTable(users));
        } catch (e) {
            usersBody.replaceChildren(errorBox(message(e)));
        }
    };
    const loadTokens = async () => {
        try {
            const { tokens } = await api.tokens();
            tokensBody.replaceChildren(tokensTable(tokens));
        } catch (e) {
            tokensBody.replaceChildren(errorBox(message(e)));
        }
    };

    const showSecret = () => {
        if (!secret) {
            secretSlot.replaceChildren();
            return;
        }
        const copyButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'copy-secret' }, t('account.secret.copy'));
        copyButton.addEventListener('click', async () => {
            if (secret && (await copy(secret.value))) copyButton.textContent = t('account.secret.copied');
        });
        secretSlot.replaceChildren(
            h(
                'div',
                { class: 'secret-box', role: 'status', 'data-testid': 'token-secret-box' },
                h('strong', null, t('account.secret.title', { name: secret.name })),
                h('p', null, t('account.secret.once')),
                h('div', { class: 'secret-line' }, h('code', { 'data-testid': 'token-secret' }, secret.value), copyButton),
                h(
                    'button',
                    {
                        type: 'button',
                        class: 'btn-quiet',
                        'data-testid': 'secret-done',
                        onclick: () => {
                            secret = null;
                            showSecret();
                        },
                    },
                    t('account.secret.done'),
                ),
            ),
        );
    };

    const tokensTable = (tokens: Token[]) => {
        if (tokens.length === 0) return h('p', { class: 'muted' }, t('account.token.none'));
        return h(
            'div',
            { class: 'table-wrap' },
            h(
                'table',
                { class: 'grid' },
                h(
                    'thead',
                    null,
                    h(
                        'tr',
                        null,
                        (['account.token.name', 'account.token.prefix', 'account.token.created', 'account.token.used', 'account.token.state'] as const).map((k) => h('th', null, t(k))),
                        h('th', { 'aria-label': t('account.token.revoke') }),
                    ),
                ),
                h(
                    'tbody',
                    null,
                    tokens.map((tok) => {
                        const revoke = h('button', { type: 'button', class: 'btn-danger small', 'data-testid': `revoke-${tok.id}` }, t('account.token.revoke'));
                        let armed = false;
                        revoke.addEventListener('click', async () => {
                            if (!armed) {
                                armed = true;
                                revoke.textContent = t('account.token.revoke.again');
                                revoke.title = t('account.token.revoke.confirm', { name: tok.name });
                                return;
                            }
                            revoke.disabled = true;
                            try {
                                await api.revokeToken(tok.id);
                            } catch (e) {
                                tokensBody.prepend(errorBox(message(e)));
                            }
                            await loadTokens();
                        });
                        return h(
                            'tr',
                            { class: tok.revoked_at ? 'revoked' : '' },
                            h('td', null, tok.name),
                            h('td', null, h('code', null, tok.prefix, '…')),
                            h('td', null, dateTime(tok.created_at)),
                            h('td', null, dateTime(tok.last_used_at)),
                            h('td', null, tok.revoked_at ? h('span', { class: 'badge muted' }, t('account.token.revoked', { at: dateTime(tok.revoked_at) })) : h('span', { class: 'badge ok' }, t('account.token.active'))),
                            h('td', { class: 'actions' }, tok.revoked_at ? null : revoke),
                        );
                    }),
                ),
            ),
        );
    };

    const tokenName = h('input', { id: 'token-name', name: 'name', required: true, maxlength: 100, placeholder: t('account.token.namePlaceholder') });
    const tokenError = h('div');
    const tokenForm = h(
        'form',
        {
            class: 'inline-form',
            'data-testid': 'token-form',
            onsubmit: async (event: Event) => {
                event.preventDefault();
                tokenError.replaceChildren();
                const name = tokenName.value.trim();
                if (!name) {
                    tokenName.focus();
                    return;
                }
                try {
                    const created = await api.createToken(name);
                    secret = { name: created.token?.name ?? name, value: created.secret };
                    tokenName.value = '';
                    showSecret();
                    await loadTokens();
                } catch (e) {
                    tokenError.replaceChildren(errorBox(message(e)));
                }
            },
        },
        h('label', { for: 'token-name' }, t('account.token.name')),
        tokenName,
        h('button', { type: 'submit', class: 'btn-primary' }, t('account.token.create')),
    );

    const usersTable = (users: User[]) =>
        h(
            'div',
            { class: 'table-wrap' },
            h(
                'table',
                { class: 'grid' },
                h('thead', null, h('tr', null, ...(['account.user.login', 'account.user.name', 'account.user.role', 'account.user.state', 'account.user.created'] as const).map((k) => h('th', null, t(k))))),
                h(
                    'tbody',
                    null,
                    users.map((u) =>
                        h(
                            'tr',
                            null,
                            h('td', null, h('code', null, u.login)),
                            h('td', null, u.display_name),
                            h('td', null, tCode('role', u.role)),
                            h('td', null, u.disabled ? h('span', { class: 'badge muted' }, t('account.user.disabled')) : h('span', { class: 'badge ok' }, t('account.user.active'))),
                            h('td', null, dateTime(u.created_at)),
                        ),
                    ),
                ),
            ),
        );

    let userForm: HTMLElement | null = null;
    if (isAdmin) {
        const f = {
            login: h('input', { id: 'new-login', required: true, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none' }),
            name: h('input', { id: 'new-name', required: true, autocomplete: 'off' }),
            password: h('input', { id: 'new-password', type: 'password', required: true, autocomplete: 'new-password', minlength: 8 }),
            role: h('select', { id: 'new-role' }, ...['viewer', 'engineer', 'admin'].map((r) => h('option', { value: r }, tCode('role', r)))),
        };
        const formError = h('div');
        userForm = h(
            'details',
            { class: 'add-user' },
            h('summary', null, t('account.user.add')),
            h(
                'form',
                {
                    class: 'stack-form',
                    onsubmit: async (event: Event) => {
                        event.preventDefault();
                        formError.replaceChildren();
                        try {
                            const user = await api.createUser({ login: f.login.value.trim(), display_name: f.name.value.trim(), password: f.password.value, role: f.role.value });
                            notice = t('account.user.created.ok', { login: user.login ?? f.login.value.trim() });
                            userNotice.replaceChildren(h('div', { class: 'alert ok' }, notice));
                            f.login.value = f.name.value = f.password.value = '';
                            await loadUsers();
                        } catch (e) {
                            formError.replaceChildren(errorBox(message(e)));
                        }
                    },
                },
                h('label', { for: 'new-login' }, t('account.user.login')),
                f.login,
                h('label', { for: 'new-name' }, t('account.user.name')),
                f.name,
                h('label', { for: 'new-password' }, t('account.user.password')),
                f.password,
                h('label', { for: 'new-role' }, t('account.user.role')),
                f.role,
                formError,
                h('button', { type: 'submit', class: 'btn-primary' }, t('account.user.add')),
            ),
        );
    }
    if (notice) userNotice.replaceChildren(h('div', { class: 'alert ok' }, notice));

    showSecret();
    void loadUsers();
    void loadTokens();

    return h(
        'section',
        { class: 'page account' },
        h('h1', null, t('account.title')),
        h('article', { class: 'card' }, h('h2', null, t('account.users', { org: session.organisation.name })), userNotice, usersBody, userForm),
        h('article', { class: 'card' }, h('h2', null, t('account.tokens')), h('p', { class: 'muted' }, t('account.tokens.text')), tokenForm, tokenError, secretSlot, tokensBody),
    );
}
