// A very small DOM builder: h('div', {class: 'x', onclick: fn}, child, 'text').

type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attrs?: Attrs | null,
    ...children: Child[]
): HTMLElementTagNameMap[K] {
    const el = document.createElement(tag);
    if (attrs) {
        for (const [key, value] of Object.entries(attrs)) {
            if (value === undefined || value === null || value === false) continue;
            if (key.startsWith('on') && typeof value === 'function') {
                el.addEventListener(key.slice(2), value as EventListener);
            } else if (key === 'class') {
                el.className = String(value);
            } else if (key === 'value' && 'value' in el) {
                (el as HTMLInputElement).value = String(value);
            } else if (value === true) {
                el.setAttribute(key, '');
            } else {
                el.setAttribute(key, String(value));
            }
        }
    }
    append(el, children);
    return el;
}

export function append(parent: Node, children: Child[]): void {
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        if (Array.isArray(child)) append(parent, child);
        else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
    }
}

export function clear(el: Element): void {
    while (el.firstChild) el.removeChild(el.firstChild);
}

/** Formats a number without translating it: at most `digits` decimals, trailing zeros dropped. */
export function num(value: number | null | undefined, digits = 3): string {
    if (value === null || value === undefined || !Number.isFinite(value)) return '—';
    return Number(value.toFixed(digits)).toString();
}

/** Formats large values with thin grouping, never locale-translated digits. */
export function big(value: number | null | undefined): string {
    if (value === null || value === undefined || !Number.isFinite(value)) return '—';
    if (Math.abs(value) >= 1e9) return value.toExponential(3);
    const rounded = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(4));
    return rounded.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

export function dateTime(iso: string | null | undefined): string {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
