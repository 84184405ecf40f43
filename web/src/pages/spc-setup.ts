// Set-up: the organisation's plants, production lines and characteristics, and forms to add them (engineers and
// administrators). Each characteristic shows the MQTT topic a gauge publishes its values to, built from the
// organisation's code (or id), the line code and the characteristic code, as the server resolves them.
import { h } from '../dom';
import { state } from '../state';
import { spcApi, type Characteristic, type Line, type NewCharacteristic, type Plant } from '../spc-api';
import { message, spcTabs, specText } from '../spc-common';
import { ts, type SpcKey } from '../spc-i18n';
import { errorBox, loading } from '../widgets';

type Field = HTMLInputElement | HTMLSelectElement;

function field(label: SpcKey, input: Field, grow = false): HTMLElement {
    return h('div', { class: grow ? 'field grow' : 'field' }, h('label', { for: input.id }, ts(label)), input);
}

function input(id: string, attrs: Record<string, string | number | boolean> = {}): HTMLInputElement {
    return h('input', { id, 'data-testid': id, ...attrs });
}

function table(head: SpcKey[], rows: HTMLElement[], testid: string): HTMLElement {
    if (!rows.length) return h('p', { class: 'muted', 'data-testid': testid }, ts('spc.setup.none'));
    return h(
        'div',
        { class: 'table-wrap' },
        h('table', { class: 'grid', 'data-testid': testid }, h('thead', null, h('tr', null, head.map((k) => h('th', null, ts(k))))), h('tbody', null, rows)),
    );
}

/** The number typed in an input, or undefined when it is empty. */
function optionalNumber(el: HTMLInputElement): number | undefined {
    return el.value.trim() === '' ? undefined : Number(el.value);
}

export function spcSetupPage(): HTMLElement {
    const session = state.session!;
    const canEdit = session.user.role === 'admin' || session.user.role === 'engineer';
    const orgRef = session.organisation.code ?? String(session.organisation.id);
    const topicOf = (l: Line | undefined, c: Characteristic) => `yandian/${orgRef}/${l ? l.code : '?'}/${c.code}`;
    const status = h('div', { role: 'status', 'data-testid': 'setup-status' });
    const plantsBody = h('div', null, loading());
    const linesBody = h('div', null, loading());
    const charsBody = h('div', null, loading());
    let plants: Plant[] = [];
    let lines: Line[] = [];

    const plantSelect = h('select', { id: 'setup-line-plant', 'data-testid': 'setup-line-plant', required: true });
    const lineSelect = h('select', { id: 'setup-char-line', 'data-testid': 'setup-char-line', required: true });

    const load = async () => {
        try {
            const [ps, ls, cs] = await Promise.all([spcApi.plants(), spcApi.lines(), spcApi.characteristics()]);
            plants = ps.plants;
            lines = ls.lines;
            const own = cs.characteristics.filter((c) => c.granted_by_grant === null);
            const plantName = new Map(plants.map((p) => [p.id, p.name]));
            const lineById = new Map(lines.map((l) => [l.id, l]));
            plantsBody.replaceChildren(
                table(['spc.setup.name'], plants.map((p) => h('tr', { 'data-testid': `setup-plant-${p.id}` }, h('td', null, p.name))), 'setup-plants'),
            );
            linesBody.replaceChildren(
                table(
                    ['spc.setup.code', 'spc.setup.name', 'spc.setup.plant'],
                    lines.map((l) => h('tr', { 'data-testid': `setup-line-${l.code}` }, h('td', null, h('code', null, l.code)), h('td', null, l.name), h('td', null, plantName.get(l.plant_id) ?? `#${l.plant_id}`))),
                    'setup-lines',
                ),
            );
            charsBody.replaceChildren(
                table(
                    ['spc.setup.line', 'spc.setup.code', 'spc.setup.feature', 'spc.char.spec', 'spc.setup.n', 'spc.setup.chart', 'spc.setup.topic'],
                    own.map((c) =>
                        h(
                            'tr',
                            { 'data-testid': `setup-char-${c.code}` },
                            h('td', null, lineById.get(c.line_id)?.code ?? `#${c.line_id}`),
                            h('td', null, h('a', { href: `/spc/characteristics/${c.id}`, 'data-link': true }, h('code', null, c.code))),
                            h('td', null, [c.part_number, c.feature].filter(Boolean).join(' · ')),
                            h('td', { class: 'nowrap' }, specText(c)),
                            h('td', { class: 'num' }, String(c.subgroup_size)),
                            h('td', null, c.chart_type),
                            h('td', null, h('code', { class: 'small', 'data-testid': `setup-topic-${c.code}` }, topicOf(lineById.get(c.line_id), c))),
                        ),
                    ),
                    'setup-characteristics',
                ),
            );
            const keep = (sel: HTMLSelectElement, options: HTMLOptionElement[]) => {
                const chosen = sel.value;
                sel.replaceChildren(...options);
                if (chosen && options.some((o) => o.value === chosen)) sel.value = chosen;
            };
            keep(plantSelect, plants.map((p) => h('option', { value: String(p.id) }, p.name)));
            keep(lineSelect, lines.map((l) => h('option', { value: String(l.id) }, `${l.code} ${l.name !== l.code ? l.name : ''}`.trim())));
        } catch (e) {
            plantsBody.replaceChildren(errorBox(message(e)));
            linesBody.replaceChildren();
            charsBody.replaceChildren();
        }
    };

    /** A form whose submit runs `act`, reports success as `what` added, and reloads the lists. */
    const form = (testid: string, act: () => Promise<string | null>, children: HTMLElement[], submit: SpcKey, defaults = () => {}) => {
        const error = h('div');
        const el = h(
            'form',
            {
                class: 'grant-form',
                'data-testid': testid,
                onsubmit: async (event: Event) => {
                    event.preventDefault();
                    error.replaceChildren();
                    status.replaceChildren();
                    try {
                        const what = await act();
                        if (what === null) return;
                        status.replaceChildren(h('div', { class: 'alert ok' }, ts('spc.setup.added', { what })));
                        el.reset();
                        defaults();
                        await load();
                    } catch (e) {
                        error.replaceChildren(errorBox(message(e)));
                    }
                },
            },
            ...children,
            h('div', { class: 'field' }, h('button', { type: 'submit', class: 'btn-primary' }, ts(submit))),
        );
        return h('div', null, el, error);
    };

    const plantName = input('setup-plant-name', { required: true, maxlength: 200 });
    const plantForm = form('setup-plant-form', async () => {
        const p = await spcApi.createPlant(plantName.value.trim());
        return p.name;
    }, [field('spc.setup.name', plantName, true)], 'spc.setup.addPlant');

    const lineCode = input('setup-line-code', { required: true, maxlength: 64, pattern: '[A-Za-z0-9._\\-]+', placeholder: 'grind-3' });
    const lineName = input('setup-line-name', { maxlength: 200 });
    const lineForm = form('setup-line-form', async () => {
        if (!plantSelect.value) {
            status.replaceChildren(errorBox(ts('spc.setup.needPlant')));
            return null;
        }
        const l = await spcApi.createLine(Number(plantSelect.value), lineCode.value.trim(), lineName.value.trim() || lineCode.value.trim());
        return l.code;
    }, [field('spc.setup.plant', plantSelect), field('spc.setup.code', lineCode), field('spc.setup.name', lineName, true)], 'spc.setup.addLine');

    const charCode = input('setup-char-code', { required: true, maxlength: 64, pattern: '[A-Za-z0-9._\\-]+', placeholder: 'bore-d' });
    const feature = input('setup-char-feature', { required: true, maxlength: 200 });
    const part = input('setup-char-part', { maxlength: 200 });
    const nominal = input('setup-char-nominal', { type: 'number', step: 'any', inputmode: 'decimal' });
    const lsl = input('setup-char-lsl', { type: 'number', step: 'any', inputmode: 'decimal' });
    const usl = input('setup-char-usl', { type: 'number', step: 'any', inputmode: 'decimal' });
    const unit = input('setup-char-unit', { value: 'mm', maxlength: 16 });
    const n = input('setup-char-n', { type: 'number', min: 1, max: 25, step: 1, value: 1, required: true });
    const chart = h(
        'select',
        { id: 'setup-char-chart', 'data-testid': 'setup-char-chart' },
        h('option', { value: '' }, ts('spc.setup.chart.auto')),
        ...['imr', 'xbar-r', 'xbar-s', 'p', 'np', 'c', 'u'].map((c) => h('option', { value: c }, c)),
    );
    const charForm = form('setup-char-form', async () => {
        if (!lineSelect.value) {
            status.replaceChildren(errorBox(ts('spc.setup.needLine')));
            return null;
        }
        const body: NewCharacteristic = {
            line_id: Number(lineSelect.value),
            code: charCode.value.trim(),
            feature: feature.value.trim(),
            part_number: part.value.trim(),
            nominal: optionalNumber(nominal),
            lsl: optionalNumber(lsl),
            usl: optionalNumber(usl),
            unit: unit.value.trim() || 'mm',
            subgroup_size: Number(n.value),
        };
        if (chart.value) body.chart_type = chart.value;
        const c = await spcApi.createCharacteristic(body);
        return c.code;
    }, [
        field('spc.setup.line', lineSelect),
        field('spc.setup.code', charCode),
        field('spc.setup.feature', feature, true),
        field('spc.setup.part', part),
        field('spc.setup.nominal', nominal),
        field('spc.setup.lsl', lsl),
        field('spc.setup.usl', usl),
        field('spc.setup.unit', unit),
        field('spc.setup.n', n),
        field('spc.setup.chart', chart),
    ], 'spc.setup.addCharacteristic', () => {
        unit.value = 'mm';
        n.value = '1';
    });

    void load();
    const section = (title: SpcKey, body: HTMLElement, editor: HTMLElement) =>
        h('article', { class: 'card' }, h('h2', { class: 'section-title' }, ts(title)), canEdit ? editor : null, body);
    return h(
        'section',
        { class: 'page spc', 'data-testid': 'spc-setup' },
        h('div', { class: 'spc-head' }, h('h1', null, ts('spc.setup.title'))),
        spcTabs('setup'),
        h('p', { class: 'muted' }, ts('spc.setup.text', { topic: `yandian/${orgRef}/{line}/{characteristic}` })),
        canEdit ? null : h('p', { class: 'muted small' }, ts('spc.setup.readOnly')),
        status,
        section('spc.setup.plants', plantsBody, plantForm),
        section('spc.setup.lines', linesBody, lineForm),
        section('spc.setup.characteristics', charsBody, charForm),
    );
}
