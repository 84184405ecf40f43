// Dimensioned half-section drawing of a rolling bearing as SVG.
//
// Boundary dimensions (d, D, B or T, r_min) are drawn to scale; the internal geometry (rolling
// elements, raceways, ribs) is schematic, proportioned from the section height the way catalogue
// drawings do. Half-section convention (ISO 128/129): only the part above the axis is drawn, the
// axis is a dash-dot centre line and diameters are dimensioned from the axis with one arrowhead.
// When the bore is large against the section, the radial distance to the axis is shortened and the
// diameter dimension lines carry a break mark.
//
// Type-specific drawings: tapered roller bearings (metric and inch cone/cup sets) are dimensioned with
// the total width T, the cup width C above and the cone width B below (an inch cone may be wider than T
// and then stands out past the cup); RNA needle bearings have no inner ring and are dimensioned with Fw;
// insert bearings show the extended inner ring (B), the ball centre at S from the inner ring face and
// the set screw, and, as their outside diameter is not bundled, a schematic outer ring without a D
// dimension. A missing value is never drawn as a number.

export interface DrawingInput {
    designation: string;
    type: string | null;
    d: number;
    /** null when the source lists no outside diameter (insert bearings): drawn schematically, not dimensioned */
    D: number | null;
    B: number | null;
    T: number | null;
    /** cup width of a tapered roller bearing, when known */
    C?: number | null;
    r_min: number | null;
    seal: string | null;
    /** insert bearings: distance from the inner ring face to the ball centre line */
    S?: number | null;
    /** needle roller bearings without an inner ring (RNA, HK, BK, NK): d is the roller set bore Fw */
    noInnerRing?: boolean;
}

type Kind =
    | 'ball'
    | 'ball2'
    | 'angular'
    | 'self_aligning'
    | 'cylindrical'
    | 'tapered'
    | 'spherical'
    | 'needle'
    | 'thrust_ball'
    | 'thrust_roller'
    | 'insert';

export function drawingKind(type: string | null, designation: string): Kind {
    const t = (type ?? '').toLowerCase();
    const des = designation.toUpperCase();
    if (t.includes('thrust')) return t.includes('ball') ? 'thrust_ball' : 'thrust_roller';
    if (t.includes('insert') || t.includes('housed')) return 'insert';
    if (t.includes('taper')) return 'tapered';
    if (t.includes('spherical')) return 'spherical';
    if (t.includes('self')) return 'self_aligning';
    if (t.includes('double_row') && t.includes('ball')) return 'ball2';
    if (t.includes('needle')) return 'needle';
    if (t.includes('cylindrical')) return 'cylindrical';
    if (t.includes('angular') || t.includes('four_point') || t.includes('four-point')) return 'angular';
    if (t) return 'ball';
    // No type: guess from the designation's leading letters.
    if (/^(NU|NJ|NUP|NF|NN|N)\d/.test(des)) return 'cylindrical';
    if (/^(NA|NK|HK|BK|RNA)/.test(des)) return 'needle';
    if (/^(UC|UK|SB|SA|HC)/.test(des)) return 'insert';
    if (/^3[0-3]\d{3}/.test(des)) return 'tapered';
    if (/^2[234]\d{3}/.test(des)) return 'spherical';
    if (/^5[1-3]\d{3}/.test(des)) return 'thrust_ball';
    if (/^7\d{3}/.test(des)) return 'angular';
    return 'ball';
}

const SVG_NS = 'http://www.w3.org/2000/svg';
let uid = 0;

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
}

const f = (v: number) => Number(v.toFixed(2));
const fmt = (v: number) => String(Number(v.toFixed(3)));

/** A vertex of an outline in model coordinates (mm; x axial from the left face, y radial from the axis). */
interface Vertex {
    x: number;
    y: number;
    /** corner rounding radius in mm (0: sharp) */
    r?: number;
    /** when set, the edge arriving at this vertex is a circular arc of this radius */
    arc?: { radius: number; sweep: 0 | 1; large?: 0 | 1 };
}

export function bearingSvg(input: DrawingInput): SVGSVGElement {
    const id = ++uid;
    const kind = drawingKind(input.type, input.designation);
    const Ri = input.d / 2;
    // Without a listed D (insert bearings) the section height is schematic: about that of the 62 series
    // of the same bore (UC205 / 6205: (52 - 25) / 2 = 13.5 = 0.3 d + 6).
    const hasD = input.D !== null && Number.isFinite(input.D) && input.D > input.d;
    const Ro = hasD ? (input.D as number) / 2 : Ri + 0.3 * input.d + 6;
    const H = Ro - Ri;
    const isTapered = kind === 'tapered';
    const isThrust = kind === 'thrust_ball' || kind === 'thrust_roller';
    const isInsert = kind === 'insert';
    const W = (isTapered || isThrust ? (input.T ?? input.B) : (input.B ?? input.T)) ?? H;
    const widthLabel = (isTapered || isThrust) && input.T !== null ? 'T' : 'B';
    // An inch cone can be wider than the total width T: it then stands out past the cup's back face.
    const extent = isTapered && input.B !== null && input.B > W ? input.B : W;
    const cupWidth = isTapered && input.C !== null && input.C !== undefined && input.C > 0 && input.C < W ? input.C : null;
    const noInner = kind === 'needle' && (input.noInnerRing === true || /^(HK|BK|RNA|NK(?!I)|K\d)/.test(input.designation.toUpperCase()));
    const boreLabel = noInner ? 'Fw' : 'd';
    const r = Math.max(0, Math.min(input.r_min ?? H * 0.06, H * 0.2, W * 0.2));
    const rs = r * 0.5;

    // Radial shortening: keep the bore at most ~0.9 H above the drawn axis.
    const shift = Ri > 1.1 * H ? Ri - 0.9 * H : 0;
    const drawnTop = Ro - shift;

    const maxW = 230;
    const maxH = 190;
    const k = Math.min(maxW / extent, maxH / drawnTop);
    const left = hasD ? 78 : 40;
    const top = cupWidth !== null ? 82 : 58;
    const width = left + extent * k + 96;
    const height = top + drawnTop * k + 26;

    const X = (x: number) => f(left + x * k);
    const Y = (y: number) => f(top + (Ro - y) * k);

    const svg = el('svg', {
        xmlns: SVG_NS,
        viewBox: `0 0 ${f(width)} ${f(height)}`,
        class: 'bearing-drawing',
        role: 'img',
    }) as SVGSVGElement;
    const dims = [`${boreLabel} ${fmt(input.d)}`, hasD ? `D ${fmt(input.D as number)}` : 'D —', `${widthLabel} ${fmt(W)}`];
    if (cupWidth !== null) dims.push(`C ${fmt(cupWidth)}`);
    if (isTapered && input.B !== null && Math.abs(input.B - W) > 1e-6) dims.push(`B ${fmt(input.B)}`);
    if (isInsert && input.S !== null && input.S !== undefined) dims.push(`S ${fmt(input.S)}`);
    svg.setAttribute('aria-label', `${input.designation}: ${dims.join(', ')} mm`);
    svg.appendChild(el('title', {}, `${input.designation} — ${dims.join(' · ')} mm`));

    const defs = el('defs', {});
    for (const [name, angle] of [
        ['a', 45],
        ['b', -45],
    ] as const) {
        const p = el('pattern', {
            id: `hatch-${name}-${id}`,
            patternUnits: 'userSpaceOnUse',
            width: 5,
            height: 5,
            patternTransform: `rotate(${angle})`,
        });
        p.appendChild(el('rect', { width: 5, height: 5, fill: '#e4e9ef' }));
        p.appendChild(el('line', { x1: 0, y1: 0, x2: 0, y2: 5, stroke: '#7d8fa5', 'stroke-width': 1 }));
        defs.appendChild(p);
    }
    const marker = el('marker', {
        id: `arrow-${id}`,
        viewBox: '0 0 10 10',
        refX: 10,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
    });
    marker.appendChild(el('path', { d: 'M0,1 L10,5 L0,9 z', fill: '#1f4e79' }));
    defs.appendChild(marker);
    svg.appendChild(defs);

    const parts = el('g', { class: 'parts', stroke: '#1b2a3a', 'stroke-width': 1.3, 'stroke-linejoin': 'round' });
    svg.appendChild(parts);

    const outline = (vertices: Vertex[], hatch: 'a' | 'b' | null, cls: string) => {
        parts.appendChild(
            el('path', {
                d: pathOf(vertices),
                fill: hatch ? `url(#hatch-${hatch}-${id})` : '#fff',
                class: cls,
            }),
        );
    };
    const pathOf = (vs: Vertex[]): string => {
        // Rounded corners as quadratic curves through the corner; arcs for grooves.
        const n = vs.length;
        const out: string[] = [];
        const toward = (a: Vertex, b: Vertex, dist: number) => {
            const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
            const t = Math.min(dist / len, 0.5);
            return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
        };
        for (let i = 0; i < n; i++) {
            const v = vs[i];
            const prev = vs[(i + n - 1) % n];
            const next = vs[(i + 1) % n];
            const cmdTo = (p: { x: number; y: number }) => {
                if (out.length === 0) return `M${X(p.x)},${Y(p.y)}`;
                if (v.arc) return `A${f(v.arc.radius * k)},${f(v.arc.radius * k)} 0 ${v.arc.large ?? 0} ${v.arc.sweep} ${X(p.x)},${Y(p.y)}`;
                return `L${X(p.x)},${Y(p.y)}`;
            };
            if (v.r && v.r > 0 && !v.arc && !next.arc) {
                const a = toward(v, prev, v.r);
                const b = toward(v, next, v.r);
                out.push(cmdTo(a));
                out.push(`Q${X(v.x)},${Y(v.y)} ${X(b.x)},${Y(b.y)}`);
            } else {
                out.push(cmdTo(v));
            }
        }
        // close, drawing the arc of the first vertex if any
        const first = vs[0];
        if (first.arc) out.push(`A${f(first.arc.radius * k)},${f(first.arc.radius * k)} 0 ${first.arc.large ?? 0} ${first.arc.sweep} ${X(first.x)},${Y(first.y)}`);
        out.push('Z');
        return out.join(' ');
    };
    const circle = (cx: number, cy: number, radius: number) =>
        parts.appendChild(el('circle', { cx: X(cx), cy: Y(cy), r: f(radius * k), fill: '#fff', class: 'element' }));

    const rp = (Ro + Ri) / 2;
    const xc = W / 2;
    let coneWidth: number | null = null;
    // where the outside diameter and the left end of the width dimension meet the part (tapered: the cup
    // starts at T - C and the cone's back face ends at its rib; insert: the faces of the inner ring)
    let outerLeft = 0;
    let leftFaceTop = Ro;
    // A groove: notch of radius g around (cx, cy) cut into a horizontal face at height yFace (model units).
    const grooveHalf = (g: number, dy: number) => Math.sqrt(Math.max(g * g - dy * dy, 0));

    if (kind === 'ball' || kind === 'angular') {
        const Dw = Math.min(0.6 * H, 0.78 * W);
        const g = 0.52 * Dw;
        const landO = rp + 0.3 * Dw;
        const landI = rp - 0.3 * Dw;
        const dxO = grooveHalf(g, landO - rp);
        const dxI = grooveHalf(g, rp - landI);
        // The angular contact outer ring has one low shoulder (right side).
        const lowShoulder = kind === 'angular' ? Math.min(landO + 0.18 * Dw, rp + 0.5 * Dw) : landO;
        const outer: Vertex[] = [
            { x: 0, y: landO, r: rs },
            { x: 0, y: Ro, r },
            { x: W, y: Ro, r },
            { x: W, y: lowShoulder, r: rs },
            ...(kind === 'angular'
                ? [
                      { x: xc + grooveHalf(g, lowShoulder - rp), y: lowShoulder },
                      { x: xc - dxO, y: landO, arc: { radius: g, sweep: 0 as const } },
                  ]
                : [{ x: xc + dxO, y: landO }, { x: xc - dxO, y: landO, arc: { radius: g, sweep: 0 as const } }]),
        ];
        const inner: Vertex[] = [
            { x: 0, y: Ri, r },
            { x: 0, y: landI, r: rs },
            { x: xc - dxI, y: landI },
            { x: xc + dxI, y: landI, arc: { radius: g, sweep: 0 } },
            { x: W, y: landI, r: rs },
            { x: W, y: Ri, r },
        ];
        outline(outer, 'a', 'ring outer-ring');
        outline(inner, 'b', 'ring inner-ring');
        circle(xc, rp, Dw / 2);
        if (kind === 'angular') {
            const a = (40 * Math.PI) / 180;
            const len = Dw * 0.95;
            parts.appendChild(
                el('line', {
                    x1: X(xc - Math.sin(a) * len),
                    y1: Y(rp - Math.cos(a) * len),
                    x2: X(xc + Math.sin(a) * len),
                    y2: Y(rp + Math.cos(a) * len),
                    stroke: '#1f4e79',
                    'stroke-width': 0.8,
                    'stroke-dasharray': '6 2 1 2',
                }),
            );
        }
        drawSeals(landI, landO, Dw);
    } else if (kind === 'self_aligning' || kind === 'spherical' || kind === 'ball2') {
        const roller = kind === 'spherical';
        const Dw = Math.min(0.48 * H, 0.4 * W);
        const a = 0.24 * W;
        const ry = roller ? 0.2 * H : Dw / 2;
        const rx = roller ? Math.min(0.19 * W, 0.3 * H) : Dw / 2;
        const Rs = Math.hypot(a, rp) + (roller ? Math.max(rx, ry) * 0.95 : Dw / 2) + 0.02 * H;
        const yEdge = Math.sqrt(Math.max(Rs * Rs - (W / 2) ** 2, 0));
        const landI = rp - (roller ? 0.95 * ry : 0.3 * Dw);
        const outer: Vertex[] = [
            { x: 0, y: Math.min(yEdge, Ro - 0.12 * H), r: rs },
            { x: 0, y: Ro, r },
            { x: W, y: Ro, r },
            { x: W, y: Math.min(yEdge, Ro - 0.12 * H), r: rs },
            { x: 0, y: Math.min(yEdge, Ro - 0.12 * H), arc: { radius: Rs, sweep: 0 } },
        ];
        // outer ring: straight edges then the spherical raceway back to the start
        const start = outer[0];
        const outerPath: Vertex[] = [
            { x: start.x, y: start.y, arc: { radius: Rs, sweep: 0 } },
            { x: 0, y: Ro, r },
            { x: W, y: Ro, r },
            { x: W, y: start.y },
        ];
        if (kind === 'ball2') {
            // two rows in separate grooves of both rings
            const g = 0.52 * Dw;
            const landO = rp + 0.3 * Dw;
            const dx = grooveHalf(g, 0.3 * Dw);
            outline(
                [
                    { x: 0, y: landO, r: rs },
                    { x: 0, y: Ro, r },
                    { x: W, y: Ro, r },
                    { x: W, y: landO, r: rs },
                    { x: xc + a + dx, y: landO },
                    { x: xc + a - dx, y: landO, arc: { radius: g, sweep: 0 } },
                    { x: xc - a + dx, y: landO },
                    { x: xc - a - dx, y: landO, arc: { radius: g, sweep: 0 } },
                ],
                'a',
                'ring outer-ring',
            );
        } else {
            outline(outerPath, 'a', 'ring outer-ring');
        }
        let inner: Vertex[];
        if (roller) {
            const rib = Math.min(landI + 0.35 * ry, rp - 0.3 * ry);
            inner = [
                { x: 0, y: Ri, r },
                { x: 0, y: landI + 0.2 * ry, r: rs },
                { x: xc - 0.05 * W, y: landI },
                { x: xc - 0.05 * W, y: rib },
                { x: xc + 0.05 * W, y: rib },
                { x: xc + 0.05 * W, y: landI },
                { x: W, y: landI + 0.2 * ry, r: rs },
                { x: W, y: Ri, r },
            ];
        } else {
            const g = 0.52 * Dw;
            const dx = grooveHalf(g, 0.3 * Dw);
            inner = [
                { x: 0, y: Ri, r },
                { x: 0, y: landI, r: rs },
                { x: xc - a - dx, y: landI },
                { x: xc - a + dx, y: landI, arc: { radius: g, sweep: 0 } },
                { x: xc + a - dx, y: landI },
                { x: xc + a + dx, y: landI, arc: { radius: g, sweep: 0 } },
                { x: W, y: landI, r: rs },
                { x: W, y: Ri, r },
            ];
        }
        outline(inner, 'b', 'ring inner-ring');
        for (const sx of [-1, 1]) {
            if (roller) {
                const angle = sx * 10;
                parts.appendChild(
                    el('ellipse', {
                        cx: X(xc + sx * a),
                        cy: Y(rp),
                        rx: f(rx * k),
                        ry: f(ry * k),
                        transform: `rotate(${angle} ${X(xc + sx * a)} ${Y(rp)})`,
                        fill: '#fff',
                        class: 'element',
                    }),
                );
            } else {
                circle(xc + sx * a, rp, Dw / 2);
            }
        }
    } else if (kind === 'cylindrical' || kind === 'needle') {
        const des = input.designation.toUpperCase();
        const Dw = kind === 'needle' ? (noInner ? 0.55 * H : 0.36 * H) : 0.5 * H;
        const Lw = kind === 'needle' ? 0.78 * W : Math.min(0.56 * W, 1.4 * Dw);
        const yTop = noInner ? Ri + Dw : rp + Dw / 2;
        const yBot = noInner ? Ri : rp - Dw / 2;
        const ribW = Math.max((W - Lw) / 2 - 0.03 * W, 0.05 * W);
        const ribH = 0.32 * Dw;
        const prefix = (des.match(/^(NUP|NU|NJ|NF|NN|N)/)?.[1] ?? 'NU') as string;
        // machined-ring needle bearings (NA, RNA) guide the needles between two ribs of the outer ring
        const outerRibs = (kind === 'cylindrical' && ['NU', 'NJ', 'NUP', 'NN'].includes(prefix) && prefix !== 'NN') || (kind === 'needle' && /^R?NA/.test(des));
        const innerRibs = kind === 'cylindrical' && !outerRibs;
        const innerLeftRib = kind === 'cylindrical' && (prefix === 'NJ' || prefix === 'NUP');
        const outerLeftRib = kind === 'cylindrical' && prefix === 'NF';
        const outer: Vertex[] = outerRibs
            ? [
                  { x: 0, y: yTop - ribH, r: rs },
                  { x: 0, y: Ro, r },
                  { x: W, y: Ro, r },
                  { x: W, y: yTop - ribH, r: rs },
                  { x: W - ribW, y: yTop - ribH },
                  { x: W - ribW, y: yTop },
                  { x: ribW, y: yTop },
                  { x: ribW, y: yTop - ribH },
              ]
            : outerLeftRib
              ? [
                    { x: 0, y: yTop - ribH, r: rs },
                    { x: 0, y: Ro, r },
                    { x: W, y: Ro, r },
                    { x: W, y: yTop, r: rs },
                    { x: ribW, y: yTop },
                    { x: ribW, y: yTop - ribH },
                ]
              : [
                    { x: 0, y: yTop, r: rs },
                    { x: 0, y: Ro, r },
                    { x: W, y: Ro, r },
                    { x: W, y: yTop, r: rs },
                ];
        outline(outer, 'a', 'ring outer-ring');
        if (!noInner) {
            const iL = innerRibs || innerLeftRib;
            const iR = innerRibs;
            const inner: Vertex[] = [
                { x: 0, y: Ri, r },
                { x: 0, y: iL ? yBot + ribH : yBot, r: rs },
                ...(iL ? [{ x: ribW, y: yBot + ribH }, { x: ribW, y: yBot }] : []),
                ...(iR ? [{ x: W - ribW, y: yBot }, { x: W - ribW, y: yBot + ribH }] : []),
                { x: W, y: iR ? yBot + ribH : yBot, r: rs },
                { x: W, y: Ri, r },
            ];
            outline(inner, 'b', 'ring inner-ring');
        } else {
            // the shaft is the inner raceway: show its surface as a thin line
            parts.appendChild(el('line', { x1: X(-0.05 * W), y1: Y(Ri), x2: X(1.05 * W), y2: Y(Ri), 'stroke-dasharray': '4 3', 'stroke-width': 0.8 }));
        }
        const rr = Math.min(Dw, Lw) * 0.12;
        parts.appendChild(
            el('rect', {
                x: X(xc - Lw / 2),
                y: Y(yTop),
                width: f(Lw * k),
                height: f((yTop - yBot) * k),
                rx: f(rr * k),
                fill: '#fff',
                class: 'element',
            }),
        );
        parts.appendChild(el('line', { x1: X(xc - Lw / 2 + rr), y1: Y((yTop + yBot) / 2), x2: X(xc + Lw / 2 - rr), y2: Y((yTop + yBot) / 2), 'stroke-width': 0.6, 'stroke-dasharray': '6 2 1 2' }));
    } else if (kind === 'insert') {
        // insert bearing: wide inner ring (B) with the set screw on its long side, narrower outer ring with a
        // spherical outside surface centred on the ball centre line at S from the inner ring face
        const xb = input.S !== null && input.S !== undefined && input.S > 0 && input.S < W ? input.S : 0.42 * W;
        const Co = Math.min(0.46 * W, 2 * xb, 2 * (W - xb));
        const Dw = Math.min(0.6 * H, 0.78 * Co);
        const g = 0.52 * Dw;
        const landO = rp + 0.3 * Dw;
        const landI = rp - 0.3 * Dw;
        const dxO = grooveHalf(g, landO - rp);
        const dxI = grooveHalf(g, rp - landI);
        const x0 = xb - Co / 2;
        const x1 = xb + Co / 2;
        const yEdge = Math.sqrt(Math.max(Ro * Ro - (Co / 2) ** 2, 0));
        const outer: Vertex[] = [
            { x: x0, y: landO, r: rs },
            { x: x0, y: yEdge, r: rs },
            { x: x1, y: yEdge, arc: { radius: Ro, sweep: 1 } },
            { x: x1, y: landO, r: rs },
            { x: xb + dxO, y: landO },
            { x: xb - dxO, y: landO, arc: { radius: g, sweep: 0 } },
        ];
        const inner: Vertex[] = [
            { x: 0, y: Ri, r },
            { x: 0, y: landI, r: rs },
            { x: xb - dxI, y: landI },
            { x: xb + dxI, y: landI, arc: { radius: g, sweep: 0 } },
            { x: W, y: landI, r: rs },
            { x: W, y: Ri, r },
        ];
        outline(outer, 'a', 'ring outer-ring');
        outline(inner, 'b', 'ring inner-ring');
        circle(xb, rp, Dw / 2);
        leftFaceTop = landI;
        // ball centre line
        parts.appendChild(el('line', { x1: X(xb), y1: Y(Ro + 0.08 * H), x2: X(xb), y2: Y(Ri - 0.08 * H), stroke: '#1f4e79', 'stroke-width': 0.7, 'stroke-dasharray': '6 2 1 2', class: 'centre-line' }));
        // set screw through the extended part of the inner ring
        const xs = x1 + 0.55 * (W - x1);
        const sw = Math.min(0.16 * (W - x1), 0.4 * H);
        parts.appendChild(el('rect', { x: X(xs - sw / 2), y: Y(landI), width: f(sw * k), height: f((landI - Ri) * k), fill: '#39424e', class: 'set-screw', 'stroke-width': 0.8 }));
        // seals on both sides of the balls
        for (const sx of [x0 + 0.06 * Co, x1 - 0.06 * Co - 0.08 * Co]) {
            parts.appendChild(el('rect', { x: X(sx), y: Y(landO + 0.1 * Dw), width: f(0.08 * Co * k), height: f((landO + 0.1 * Dw - landI - 0.02 * H) * k), fill: '#39424e', class: 'seal', 'stroke-width': 0.8 }));
        }
    } else if (kind === 'tapered') {
        const B = input.B ?? 0.92 * W;
        const C = input.C && input.C > 0 && input.C < W ? input.C : Math.min(0.8 * B, W * 0.85);
        const a1 = Math.tan((15 * Math.PI) / 180); // cup raceway slope
        const a2 = Math.tan((6 * Math.PI) / 180); // cone raceway slope
        const xm = 0.5 * W;
        const yoM = rp + 0.24 * H;
        const yiM = rp - 0.2 * H;
        const yo = (x: number) => yoM - a1 * (x - xm);
        const yi = (x: number) => yiM - a2 * (x - xm);
        const s = (a1 + a2) / 2;
        const Lw = 0.56 * Math.min(B, C + 0.2 * W);
        const yAx = (x: number) => (yoM + yiM) / 2 - s * (x - xm);
        // ends of the roller perpendicular to its axis: from the axis point move along (s, 1)
        const end = (xa: number) => {
            const y0 = yAx(xa);
            const tUp = (yoM - a1 * (xa - xm) - y0) / (1 + a1 * s);
            const tDn = (yiM - a2 * (xa - xm) - y0) / (1 + a2 * s);
            return { top: { x: xa + s * tUp, y: y0 + tUp }, bot: { x: xa + s * tDn, y: y0 + tDn } };
        };
        const e1 = end(xm - Lw / 2);
        const e2 = end(xm + Lw / 2);
        const cup: Vertex[] = [
            { x: W - C, y: yo(W - C), r: rs },
            { x: W - C, y: Ro, r },
            { x: W, y: Ro, r },
            { x: W, y: yo(W), r: rs },
        ];
        outline(cup, 'a', 'ring outer-ring');
        const bigRib = yi(e1.bot.x) + 0.36 * (e1.top.y - e1.bot.y);
        const smallRib = yi(e2.bot.x) + 0.14 * (e2.top.y - e2.bot.y);
        const cone: Vertex[] = [
            { x: 0, y: Ri, r },
            { x: 0, y: bigRib, r: rs },
            { x: e1.bot.x - 0.02 * W - (bigRib - e1.bot.y) * s, y: bigRib },
            { x: e1.bot.x - 0.02 * W, y: yi(e1.bot.x - 0.02 * W) },
            { x: e2.bot.x + 0.01 * W, y: yi(e2.bot.x + 0.01 * W) },
            { x: e2.bot.x + 0.01 * W, y: smallRib },
            { x: B, y: smallRib, r: rs },
            { x: B, y: Ri, r },
        ];
        outline(cone, 'b', 'ring inner-ring');
        outerLeft = W - C;
        leftFaceTop = bigRib;
        outline([{ ...e1.bot, r: 0.04 * H }, { ...e1.top, r: 0.04 * H }, { ...e2.top, r: 0.04 * H }, { ...e2.bot, r: 0.04 * H }], null, 'element');
        if (input.B !== null && Math.abs(input.B - W) > 1e-6) coneWidth = input.B;
    } else {
        // thrust: shaft washer on the left, housing washer on the right, rolling element between
        const roller = kind === 'thrust_roller';
        const Dw = roller ? Math.min(0.45 * W, 0.45 * H) : Math.min(0.6 * W, 0.75 * H);
        const tw = (W - Dw) / 2 + (roller ? 0 : 0.15 * Dw);
        const g = 0.53 * Dw;
        const dy = grooveHalf(g, xc - tw);
        const gap = 0.05 * H;
        const left: Vertex[] = roller
            ? [{ x: 0, y: Ri, r }, { x: 0, y: Ro - gap, r }, { x: tw, y: Ro - gap, r: rs }, { x: tw, y: Ri, r: rs }]
            : [
                  { x: 0, y: Ri, r },
                  { x: 0, y: Ro - gap, r },
                  { x: tw, y: Ro - gap, r: rs },
                  { x: tw, y: rp + dy },
                  { x: tw, y: rp - dy, arc: { radius: g, sweep: 0 } },
                  { x: tw, y: Ri, r: rs },
              ];
        const right: Vertex[] = roller
            ? [{ x: W - tw, y: Ri + gap, r: rs }, { x: W - tw, y: Ro, r: rs }, { x: W, y: Ro, r }, { x: W, y: Ri + gap, r }]
            : [
                  { x: W - tw, y: Ri + gap, r: rs },
                  { x: W - tw, y: rp - dy },
                  { x: W - tw, y: rp + dy, arc: { radius: g, sweep: 0 } },
                  { x: W - tw, y: Ro, r: rs },
                  { x: W, y: Ro, r },
                  { x: W, y: Ri + gap, r },
              ];
        outline(left, 'b', 'ring shaft-washer');
        outline(right, 'a', 'ring housing-washer');
        if (roller) {
            const Lr = 0.55 * H;
            parts.appendChild(
                el('rect', { x: X(tw), y: Y(rp + Lr / 2), width: f((W - 2 * tw) * k), height: f(Lr * k), rx: f(0.1 * Dw * k), fill: '#fff', class: 'element' }),
            );
        } else {
            circle(xc, rp, Dw / 2);
        }
    }

    function drawSeals(landI: number, landO: number, Dw: number): void {
        const seal = (input.seal ?? '').toUpperCase().replace(/[\s-]/g, '');
        if (!seal || seal === 'OPEN' || seal === 'NONE') return;
        const both = /^2|ZZ|UU|DD|LL|VV|BOTH/.test(seal);
        const contact = /RS|RU|DDU|LLU|UU|LLB|RZ|VV|SEAL|LU|DU/.test(seal);
        const t = Math.max(0.05 * W, 0.12 * Dw);
        const x0 = Math.max(0.07 * W, r + 0.02 * W);
        const y0 = landI + (contact ? 0.02 * H : 0.06 * H);
        const y1 = landO + 0.1 * Dw;
        const sides = both ? [x0, W - x0 - t] : [W - x0 - t];
        for (const sx of sides) {
            parts.appendChild(
                el('rect', {
                    x: X(sx),
                    y: Y(y1),
                    width: f(t * k),
                    height: f((y1 - y0) * k),
                    fill: contact ? '#39424e' : '#b9c3cf',
                    class: contact ? 'seal' : 'shield',
                    'stroke-width': 0.8,
                }),
            );
        }
    }

    // ---- dimensions -------------------------------------------------------------------
    const dimsG = el('g', { class: 'dims', fill: '#1f4e79', stroke: '#1f4e79', 'font-size': 12.5, 'font-family': 'inherit' });
    svg.appendChild(dimsG);
    const line = (x1: number, y1: number, x2: number, y2: number, extra: Record<string, string | number> = {}) =>
        dimsG.appendChild(el('line', { x1: f(x1), y1: f(y1), x2: f(x2), y2: f(y2), 'stroke-width': 0.8, ...extra }));
    const text = (x: number, y: number, s: string, attrs: Record<string, string | number> = {}) =>
        dimsG.appendChild(el('text', { x: f(x), y: f(y), stroke: 'none', 'text-anchor': 'middle', ...attrs }, s));

    function dimLinear(x1: number, x2: number, yFrom: number, yDim: number, label: string, where: 'above' | 'below', yFromLeft = yFrom): void {
        const yd = Y(yDim);
        const sign = where === 'above' ? -1 : 1;
        line(X(x1), Y(yFromLeft) + sign * 3, X(x1), yd + sign * 4);
        line(X(x2), Y(yFrom) + sign * 3, X(x2), yd + sign * 4);
        line(X(x1), yd, X(x2), yd, { 'marker-start': `url(#arrow-${id})`, 'marker-end': `url(#arrow-${id})` });
        text((X(x1) + X(x2)) / 2, where === 'above' ? yd - 5 : yd + 14, label, { class: `dim-${label.split(' ')[0]}` });
    }

    const axisY = top + drawnTop * k;
    // The axis: dash-dot centre line
    svg.appendChild(
        el('line', {
            x1: f(left - 62),
            y1: f(axisY),
            x2: f(left + extent * k + 78),
            y2: f(axisY),
            stroke: '#1b2a3a',
            'stroke-width': 0.8,
            'stroke-dasharray': '14 3 2 3',
            class: 'axis',
        }),
    );

    // Width on top; tapered: the cup width C nearer the part, the total width T above it
    if (isInsert) {
        // the inner ring's width, from the faces of the inner ring
        dimLinear(0, W, leftFaceTop, Ro + 26 / k, `${widthLabel} ${fmt(W)}`, 'above');
        if (input.S !== null && input.S !== undefined && input.S > 0 && input.S < W) dimLinear(0, input.S, Ri, Ri - 16 / k, `S ${fmt(input.S)}`, 'below');
    } else if (cupWidth !== null) {
        dimLinear(W - cupWidth, W, Ro, Ro + 24 / k, `C ${fmt(cupWidth)}`, 'above');
        dimLinear(0, W, Ro, Ro + 50 / k, `${widthLabel} ${fmt(W)}`, 'above', leftFaceTop);
    } else {
        dimLinear(0, W, Ro, Ro + 26 / k, `${widthLabel} ${fmt(W)}`, 'above', isTapered ? leftFaceTop : Ro);
    }
    // Tapered roller bearings: the cone width B below the bore
    if (coneWidth !== null) dimLinear(0, coneWidth, Ri, Ri - 16 / k, `B ${fmt(coneWidth)}`, 'below');

    // Diameters from the axis, one arrowhead at the contour
    const diameter = (xLine: number, xFace: number, yModel: number, label: string, side: 'left' | 'right') => {
        const yc = Y(yModel);
        line(xFace + (side === 'left' ? -3 : 3), yc, xLine + (side === 'left' ? -4 : 4), yc);
        line(xLine, axisY + 8, xLine, yc, { 'marker-end': `url(#arrow-${id})` });
        if (shift > 0) {
            // break mark: the radial distance is not to scale
            const ym = axisY - (axisY - Y(Ri)) * 0.28;
            dimsG.appendChild(el('path', { d: `M${f(xLine - 5)},${f(ym + 3)} L${f(xLine + 5)},${f(ym - 3)} M${f(xLine - 5)},${f(ym + 7)} L${f(xLine + 5)},${f(ym + 1)}`, 'stroke-width': 1, fill: 'none' }));
        }
        const tx = xLine + (side === 'left' ? -7 : 18);
        const ty = (axisY + yc) / 2;
        text(tx, ty, label, { transform: `rotate(-90 ${f(tx)} ${f(ty)})`, class: `dim-${label.split(' ')[0]}` });
    };
    if (hasD) diameter(left - 36, X(outerLeft), Ro, `D ${fmt(input.D as number)}`, 'left');
    diameter(X(extent) + 30, X(extent), Ri, `${boreLabel} ${fmt(input.d)}`, 'right');

    // Chamfer r_min: leader from the top-right corner of the outer ring
    if (input.r_min !== null && input.r_min > 0 && !isInsert) {
        const cx = X(W) - (r * k) / 3;
        const cy = Y(Ro) + (r * k) / 3;
        line(cx, cy, cx + 20, cy - 16);
        line(cx + 20, cy - 16, cx + 44, cy - 16);
        text(cx + 32, cy - 20, `r ${fmt(input.r_min)}`, { class: 'dim-r' });
    }
    return svg;
}
