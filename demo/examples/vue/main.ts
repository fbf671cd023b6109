// <mpd-desk> in a Vue 3 app, with render functions (no template compiler needed). Vue sets a
// custom element's properties when the element has them (`config`, `backend`: define the
// elements first), and `onMpdFilesChange` listens to `mpd-files-change`. With templates instead,
// tell the compiler the tags are custom elements:
//   app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('mpd-');
// (or the same option of @vitejs/plugin-vue), and write <mpd-desk :config="config" @mpd-submitted="…">.
import { createApp, defineComponent, h, onMounted, ref, shallowRef } from 'vue';
// In an app: `from 'mesa-de-partes'` and `import 'mesa-de-partes/define'`; the demo builds from src.
import { HttpDeskBackend, MPD_EVENTS, type AgencyConfigInput, type MpdEventName } from '../../../src/index.ts';
import '../../../src/define.ts';

interface LoggedEvent {
  id: number;
  name: MpdEventName;
  at: string;
}

/**
 * The desk plus what an analytics tag would see: every mpd- event, by name (MPD_EVENTS lists
 * them all), never its detail, which holds the citizen's data.
 */
const MesaDePartes = defineComponent({
  props: { configUrl: { type: String, required: true } },
  setup(props) {
    const config = shallowRef<AgencyConfigInput>();
    const backend = shallowRef<HttpDeskBackend>();
    const failed = ref(false);
    const events = ref<LoggedEvent[]>([]);
    let next = 0;

    onMounted(async () => {
      try {
        const response = await fetch(props.configUrl);
        if (!response.ok) throw new Error(String(response.status));
        const loaded = (await response.json()) as AgencyConfigInput;
        backend.value = new HttpDeskBackend(loaded.backend.baseUrl);
        config.value = loaded;
      } catch {
        failed.value = true;
      }
    });

    const record = (event: Event) => {
      events.value = [...events.value.slice(-9), { id: next++, name: event.type as MpdEventName, at: new Date().toLocaleTimeString('es-PE') }];
    };
    // `on` + the camelized event name: Vue listens to the hyphenated one (mpd-files-change).
    const listeners = Object.fromEntries(
      Object.keys(MPD_EVENTS).map((name) => [`on${name.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase())}`, record]),
    );

    return () => {
      if (failed.value) return h('p', { role: 'alert' }, 'No se pudo cargar la configuración de la mesa de partes.');
      if (!config.value) return h('p', 'Cargando…');
      return [
        h('mpd-desk', { config: config.value, backend: backend.value, ...listeners }),
        h('section', { 'aria-labelledby': 'vue-events' }, [
          h('h2', { id: 'vue-events' }, 'Eventos recibidos (estado de Vue)'),
          events.value.length === 0
            ? h('p', 'Ninguno todavía.')
            : h('ol', { 'data-testid': 'events' }, events.value.map((entry) => h('li', { key: entry.id }, `${entry.at} ${entry.name}`))),
        ]),
      ];
    };
  },
});

createApp({ render: () => h(MesaDePartes, { configUrl: '/configs/sis.json' }) }).mount('#app');
