// Worker-thread entry of the engine thread: TypeScript loading (tsx) is
// registered per thread, then the engine thread module starts (engine-thread.ts).
import { register } from "tsx/esm/api";

register();
await import(new URL("./engine-thread.ts", import.meta.url).href);
