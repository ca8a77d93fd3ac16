// The front panel of an embedded virtual library: what an operator does at the machine (door,
// mailslot, magazines, a drive's eject button, a dirty head), so the inject/eject/operator cycle
// can be shown in the browser. The manager is not told; it notices as with real hardware.
import { useState } from 'preact/hooks';
import type { Store } from '../store.ts';
import { Action } from './common.tsx';

export function FrontPanel({ store }: { readonly store: Store }) {
  const [barcode, setBarcode] = useState('');
  const [position, setPosition] = useState('0');
  const panel = store.panel;
  const library = store.library ?? '';
  if (panel === undefined) return <p class="muted">{store.panelNote ?? 'Loading the front panel…'}</p>;
  const press = (action: string, body: object = {}) => () => store.api.post<unknown>(`/v1/libraries/${encodeURIComponent(library)}/front-panel/${action}`, body).then(() => store.loadPanel());
  const drives = (store.detail?.elements ?? []).filter((e) => e.type === 'drive');
  const cartridge = barcode.trim() === '' ? null : barcode.trim().toUpperCase();
  return (
    <section aria-label="Front panel" class="panel">
      <dl>
        <dt>Library</dt>
        <dd data-ready={panel.ready}>
          {panel.ready}
          {panel.locked ? ' · removal locked by a host' : ''}
        </dd>
        <dt>Door</dt>
        <dd>{panel.door === 'none' ? 'this library has no door' : panel.door}</dd>
        <dt>Mailslots</dt>
        <dd>
          {Object.entries(panel.mailslots)
            .map(([name, state]) => `${name} ${state}`)
            .join(', ') || 'none'}
        </dd>
        <dt>In your hands</dt>
        <dd data-outside>{panel.outside.length === 0 ? 'nothing' : panel.outside.map((b) => b ?? '(no label)').join(', ')}</dd>
      </dl>
      {panel.door === 'none' ? null : (
        <fieldset>
          <legend>Door</legend>
          <Action store={store} role="operator" run={press(panel.door === 'open' ? 'close-door' : 'open-door')}>
            {panel.door === 'open' ? 'Close the door' : 'Open the door'}
          </Action>
        </fieldset>
      )}
      <fieldset>
        <legend>Mailslot</legend>
        <label>
          Cartridge barcode <input name="cartridge" value={barcode} onInput={(e) => setBarcode(e.currentTarget.value)} placeholder="NEW001L8 (empty: no label)" autocomplete="off" />
        </label>
        <Action store={store} role="operator" done={`${cartridge ?? 'An unlabelled cartridge'} is in the mailslot.`} run={press('insert-mailslot', { barcode: cartridge })}>
          Insert into the mailslot
        </Action>
        <Action store={store} role="operator" done="Took the cartridge out of the mailslot." run={press('take-mailslot')}>
          Take out of the mailslot
        </Action>
      </fieldset>
      {Object.keys(panel.magazines).length === 0 ? null : (
        <fieldset>
          <legend>Magazines</legend>
          {Object.entries(panel.magazines).map(([name, state]) => (
            <p key={name}>
              {name}: {state === 'in' ? 'in' : 'pulled out'}{' '}
              <Action store={store} role="operator" run={press(state === 'in' ? 'pull-magazine' : 'insert-magazine', { magazine: name })}>
                {state === 'in' ? `Pull ${name}` : `Push ${name} in`}
              </Action>
              {state === 'out' ? (
                <>
                  {' '}
                  <label>
                    position <input class="short" name={`position-${name}`} value={position} onInput={(e) => setPosition(e.currentTarget.value)} inputMode="numeric" />
                  </label>
                  <Action store={store} role="operator" run={press('put-magazine', { magazine: name, position: Number(position), barcode: cartridge })}>
                    Put the cartridge there
                  </Action>
                  <Action store={store} role="operator" run={press('take-magazine', { magazine: name, position: Number(position) })}>
                    Take it out
                  </Action>
                </>
              ) : null}
            </p>
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>Drives</legend>
        {drives.map((d) => (
          <p key={d.index}>
            Drive {d.displayNumber}{' '}
            <Action store={store} role="operator" run={press('eject-drive', { drive: d.index })}>
              Press eject
            </Action>
            <Action store={store} role="operator" done={`Drive ${d.displayNumber} now asks for cleaning.`} run={press('soil-drive', { drive: d.index })}>
              Soil the head
            </Action>
          </p>
        ))}
      </fieldset>
      <fieldset>
        <legend>Power</legend>
        <Action store={store} role="operator" run={press('power-cycle')}>
          Power-cycle the library
        </Action>
      </fieldset>
    </section>
  );
}
