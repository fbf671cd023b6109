// <mpd-desk> in a React 19 app. React 19 sets a custom element's properties when the element has
// them (so `config` and `backend` arrive as objects, not attributes: define the elements before
// rendering) and listens to its events with `on` + the event's exact name (`onmpd-submitted`).
import { StrictMode, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
// In an app: `from 'mesa-de-partes'` and `import 'mesa-de-partes/define'`; the demo builds from src.
import { HttpDeskBackend } from '../../../src/index.ts';
import '../../../src/define.ts';

/** The agency's desk, with the config the app loaded itself and its own record of filings. */
function MesaDePartes({ configUrl }) {
  const [config, setConfig] = useState(null);
  const [failed, setFailed] = useState(false);
  const [filed, setFiled] = useState([]);

  useEffect(() => {
    const controller = new AbortController();
    fetch(configUrl, { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then(setConfig)
      .catch((error) => error.name !== 'AbortError' && setFailed(true));
    return () => controller.abort();
  }, [configUrl]);

  // One backend per config, not one per render: the desk would start over with a new one.
  const backend = useMemo(() => (config ? new HttpDeskBackend(config.backend.baseUrl) : undefined), [config]);

  if (failed) return <p role="alert">No se pudo cargar la configuración de la mesa de partes.</p>;
  if (!config) return <p>Cargando…</p>;
  return (
    <>
      <mpd-desk
        config={config}
        backend={backend}
        onmpd-submitted={(event) => setFiled((numbers) => [...numbers, event.detail.receipt.requestNumber])}
      />
      <section aria-labelledby="react-filed">
        <h2 id="react-filed">Registradas en esta sesión (estado de React)</h2>
        {filed.length === 0 ? (
          <p>Ninguna todavía.</p>
        ) : (
          <ul data-testid="filed">
            {filed.map((number) => (
              <li key={number}>{number}</li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

createRoot(document.getElementById('app')).render(
  <StrictMode>
    <MesaDePartes configUrl="/configs/ins.json" />
  </StrictMode>,
);
