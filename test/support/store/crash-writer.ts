// The process the crash test kills: opens the store in the folder given, then saves state
// after state (counter + 1 each time) until it is killed. It prints `ready N` once loaded and
// `saved N` after each save resolved; stdout is a pipe, which Node writes synchronously.
import { createJsonFileStore } from '../../../electron/core/store/json-store';
import { stateFor } from './crash-states';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-writer DIR');
const store = createJsonFileStore(dir);
const loaded = await store.load();
if (!loaded.ok) throw new Error(`load failed: ${loaded.error.message}`);
const start = loaded.value.settings.ui.counter;
let counter = typeof start === 'number' ? start : 0;
process.stdout.write(`ready ${counter}\n`);
for (;;) {
  counter++;
  const saved = await store.save(stateFor(counter));
  if (!saved.ok) throw new Error(`save failed: ${saved.error.message}`);
  process.stdout.write(`saved ${counter}\n`);
}
