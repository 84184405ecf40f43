// The live stream of the SPC pages: one EventSource on /api/v1/live (Server-Sent Events, same-origin cookie)
// shared by whichever page listens, opened on the first listener and closed with the last. Also the
// clean-up hooks a page registers to run when the router leaves it (stream listeners, chart instances, timers).

export type LiveKind = 'measurements' | 'alarm' | 'limits' | 'acknowledgement' | 'exclusion' | 'inclusion';
export interface LiveMessage {
    kind: LiveKind;
    characteristicId: number | null;
    data: Record<string, unknown>;
}
type Listener = (m: LiveMessage) => void;
type StatusListener = (connected: boolean) => void;

const kinds: LiveKind[] = ['measurements', 'alarm', 'limits', 'acknowledgement', 'exclusion', 'inclusion'];
const listeners = new Set<Listener>();
const statusListeners = new Set<StatusListener>();
let source: EventSource | null = null;
let connected = false;
let retry: ReturnType<typeof setTimeout> | null = null;

function setConnected(value: boolean): void {
    if (value === connected) return;
    connected = value;
    for (const l of statusListeners) l(value);
}

function open(): void {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource('/api/v1/live', { withCredentials: true });
    source.onopen = () => setConnected(true);
    // EventSource reconnects by itself after a network error; the status shows the gap. After an HTTP error
    // (a restarted server, an expired session) it gives up: open a new one a little later while pages listen.
    const current = source;
    source.onerror = () => {
        setConnected(false);
        if (current.readyState !== EventSource.CLOSED) return;
        if (source === current) source = null;
        if (retry === null) {
            retry = setTimeout(() => {
                retry = null;
                if (listeners.size > 0) open();
            }, 5000);
        }
    };
    for (const kind of kinds) {
        source.addEventListener(kind, (event) => {
            let data: Record<string, unknown> = {};
            try {
                data = JSON.parse((event as MessageEvent<string>).data) as Record<string, unknown>;
            } catch {
                return;
            }
            const id = typeof data.characteristic_id === 'number' ? data.characteristic_id : null;
            for (const l of [...listeners]) l({ kind, characteristicId: id, data });
        });
    }
}

function closeIfIdle(): void {
    if (listeners.size > 0) return;
    if (retry !== null) {
        clearTimeout(retry);
        retry = null;
    }
    if (!source) return;
    source.close();
    source = null;
    setConnected(false);
}

/** Listens to the live stream until the returned function is called. */
export function listen(listener: Listener): () => void {
    listeners.add(listener);
    open();
    return () => {
        listeners.delete(listener);
        closeIfIdle();
    };
}

/** Follows the connection state of the live stream (true once the server accepted it). */
export function onLiveStatus(listener: StatusListener): () => void {
    statusListeners.add(listener);
    listener(connected);
    return () => statusListeners.delete(listener);
}

export function liveConnected(): boolean {
    return connected;
}

const leaveHooks: Array<() => void> = [];

/** Registers clean-up to run when the router leaves the current page. */
export function onLeave(hook: () => void): void {
    leaveHooks.push(hook);
}

/** Runs and forgets the clean-up of the page being left. Called by the router before rendering the next page. */
export function leavePage(): void {
    for (const hook of leaveHooks.splice(0)) {
        try {
            hook();
        } catch (e) {
            console.warn('page clean-up failed', e);
        }
    }
}
