import { fileURLToPath } from "node:url";

/** The path of addsvc.proto, shipped beside `src/` and `dist/`. */
export const protoPath = fileURLToPath(new URL("../proto/addsvc.proto", import.meta.url));
